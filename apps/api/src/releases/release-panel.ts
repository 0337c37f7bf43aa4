// The panel part of a release: valid ballots of deputies, members and special supervisors.
import { randomBytes } from 'node:crypto';
import { type DB, insertPanelReleaseRows, panelLevelTotals } from '@kaimen/db';
import { type AnonymitySettings, chooseGeneralisation, keptFigures, outcomeFromTotals } from '@kaimen/domain';
import type { Transaction } from 'kysely';

/**
 * The panel ballots, generalised on their own (unit → category, day → week → month, by channel)
 * and written after the citizen rows; what was kept and suppressed, for the report.
 */
export async function releasePanel(
  trx: Transaction<DB>,
  releaseId: string,
  cycleId: string,
  settings: AnonymitySettings,
  after: number,
) {
  const outcomes = (await panelLevelTotals(trx, cycleId, settings.k, settings.l)).map(outcomeFromTotals);
  // No valid ballot: nothing to generalise; the finest level, with nothing in it, is reported.
  const choice = outcomes.length
    ? chooseGeneralisation(outcomes, settings)
    : outcomeFromTotals({
        place: 'unit',
        time: 'day',
        totalRows: 0,
        keptRows: 0,
        keptGroups: 0,
        minKeptRows: null,
        minKeptDistinct: null,
      });
  const place = choice.place === 'category' ? 'category' : 'unit';
  const written = await insertPanelReleaseRows(trx, {
    releaseId,
    cycleId,
    place,
    time: choice.time,
    k: settings.k,
    l: settings.l,
    salt: randomBytes(16).toString('hex'),
    after,
  });
  if (written !== choice.keptRows) throw new Error(`panel rows ${written} ≠ counted ${choice.keptRows}`);
  return {
    written,
    report: {
      generalisation: { place, time: choice.time },
      ...keptFigures(choice),
      candidates: outcomes.map((o) => ({
        place: o.place === 'category' ? ('category' as const) : ('unit' as const),
        time: o.time,
        suppressedRows: o.suppressedRows,
      })),
    },
  };
}
