// Building a release (organiser admin) and reading it (organiser: the report; assessment agency:
// the report and the rows). A release is built in one transaction: the generalisation is chosen
// from group counts the database makes, then the rows are written by one INSERT … SELECT.
import { randomBytes } from 'node:crypto';
import type { Release, ReleaseInput } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  createKeptGroups,
  createScrubbedComments,
  type DB,
  findRelease,
  finishRelease,
  insertPanelReleaseRows,
  insertRelease,
  insertReleaseRows,
  insertScrubbedComments,
  keptCommentBatches,
  listAgencies,
  listReleases,
  loadCycleForScoring,
  panelLevelTotals,
  rateAspects,
  releaseAgencies,
  releaseLevelTotals,
  shareRelease,
} from '@kaimen/db';
import {
  type AnonymitySettings,
  chooseGeneralisation,
  defuseFormula,
  type MaskKind,
  outcomeFromTotals,
  scrubComment,
} from '@kaimen/domain';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { codebookOf, neverReleased, partsOf } from './release-codebook.ts';
import { releaseFileDigests } from './release-download.ts';

type ScopedActor = Actor & { organiserId: string };

export async function buildRelease(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  input: ReleaseInput,
  requestId: string,
): Promise<Release> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const agencies = new Set((await listAgencies(deps.db)).map((a) => a.id));
  const unknown = input.agencyIds.filter((id) => !agencies.has(id));
  if (unknown.length)
    throw new AppError('validation_failed', {
      issues: unknown.map((id) => ({ path: 'agencyIds', message: `unknown assessment agency ${id}` })),
    });
  const parts = { comments: input.includeComments, panel: input.includePanel };
  const settings: AnonymitySettings = {
    k: input.k,
    l: input.l,
    maxSuppressedShare: input.maxSuppressedPercent / 100,
  };

  const id = await deps.db.transaction().execute(async (trx) => {
    const outcomes = (await releaseLevelTotals(trx, cycleId, settings.k, settings.l)).map(outcomeFromTotals);
    const choice = chooseGeneralisation(outcomes, settings);
    const release = await insertRelease(trx, {
      organiserId: actor.organiserId,
      cycleId,
      name: input.name,
      settings: input,
      createdBy: actor.userId,
    });
    const groups = { cycleId, place: choice.place, time: choice.time, k: settings.k, l: settings.l };
    await createKeptGroups(trx, groups);
    const comments = input.includeComments ? await scrubKeptComments(trx, groups) : ('excluded' as const);
    // The row order is shuffled by a hash keyed per release, never kept.
    const written = await insertReleaseRows(trx, {
      ...groups,
      releaseId: release.id,
      salt: randomBytes(16).toString('hex'),
      comments: input.includeComments,
    });
    if (written !== choice.keptRows) throw new Error(`release rows ${written} ≠ counted ${choice.keptRows}`);
    const panel = input.includePanel ? await releasePanel(trx, release.id, cycleId, settings, written) : null;
    const report = {
      k: settings.k,
      l: settings.l,
      generalisation: { place: choice.place, time: choice.time },
      totalRows: choice.totalRows,
      keptRows: choice.keptRows,
      suppressedRows: choice.suppressedRows,
      kAchieved: choice.kAchieved,
      lAchieved: choice.lAchieved,
      maxRisk: choice.maxRisk,
      averageRisk: choice.averageRisk,
      candidates: outcomes.map((o) => ({ place: o.place, time: o.time, suppressedRows: o.suppressedRows })),
      comments,
      neverReleased: neverReleased(parts),
      panel: panel?.report ?? null,
    };
    // The manifest: row count and SHA-256 of each file as it will be downloaded (the files are
    // generated the same way, byte for byte, every time).
    const codebook = codebookOf(await rateAspects(trx, cycleId), parts);
    const files = await releaseFileDigests(trx, { id: release.id, codebook });
    const rows = written + (panel?.written ?? 0);
    await finishRelease(trx, release.id, { ...report, files }, rows);
    await shareRelease(trx, release.id, input.agencyIds);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'release.build',
      entity: 'dataset_release',
      entityId: release.id,
      after: {
        name: input.name,
        cycleId,
        settings: { ...input },
        rows,
        generalisation: report.generalisation,
        panelGeneralisation: panel?.report.generalisation ?? null,
      },
      requestId,
    });
    return release.id;
  });
  return (await releaseView(deps, id))?.release as Release;
}

/**
 * Scrubs the comments of the rows the release keeps into the build's temporary table, and counts
 * what was masked (kinds and numbers only: the report never repeats what it removed).
 */
async function scrubKeptComments(trx: Transaction<DB>, groups: Parameters<typeof keptCommentBatches>[1]) {
  await createScrubbedComments(trx);
  const masked: Partial<Record<MaskKind, number>> = {};
  let released = 0;
  let maskedComments = 0;
  for await (const batch of keptCommentBatches(trx, groups)) {
    const scrubbed = batch.map((row) => {
      const result = scrubComment(row.comment);
      const kinds = Object.entries(result.masked) as [MaskKind, number][];
      if (kinds.length) maskedComments++;
      for (const [kind, n] of kinds) masked[kind] = (masked[kind] ?? 0) + n;
      return { id: row.id, comment: defuseFormula(result.text) };
    });
    released += scrubbed.length;
    await insertScrubbedComments(trx, scrubbed);
  }
  return { released, maskedComments, masked };
}

/**
 * The panel ballots, generalised on their own (unit → category, day → week → month, by channel)
 * and written after the citizen rows; what was kept and suppressed, for the report.
 */
async function releasePanel(
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
      totalRows: choice.totalRows,
      keptRows: choice.keptRows,
      suppressedRows: choice.suppressedRows,
      kAchieved: choice.kAchieved,
      lAchieved: choice.lAchieved,
      maxRisk: choice.maxRisk,
      averageRisk: choice.averageRisk,
      candidates: outcomes.map((o) => ({
        place: o.place === 'category' ? ('category' as const) : ('unit' as const),
        time: o.time,
        suppressedRows: o.suppressedRows,
      })),
    },
  };
}

type ReleaseRow = NonNullable<Awaited<ReturnType<typeof findRelease>>>;

/** A stored release as the API shows it (the codebook only where one release is shown). */
function viewOf(r: ReleaseRow): Omit<Release, 'codebook'> {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    name: r.name,
    state: r.state as Release['state'],
    rowCount: r.row_count === null ? null : Number(r.row_count),
    createdAt: r.created_at.toISOString(),
    report: (r.report ?? null) as Release['report'],
    agencyIds: r.agencyIds,
  };
}

/** One release with its codebook, and the organiser it belongs to. */
async function releaseView(deps: AppDeps, id: string) {
  const r = await findRelease(deps.db, id);
  if (!r) return null;
  const release: Release = {
    ...viewOf(r),
    codebook: codebookOf(await rateAspects(deps.db, r.cycle_id), partsOf(r.settings)),
  };
  return { release, organiserId: r.organiser_id };
}

/** The releases a caller may see: an organiser's own, or those shared with an agency. */
export async function releasesFor(deps: AppDeps, who: { organiserId: string } | { agencyId: string }) {
  const rows = await listReleases(deps.db, who);
  const agencies = await releaseAgencies(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => viewOf({ ...r, agencyIds: agencies.get(r.id) ?? [] }));
}

/** One release for an organiser's staff (their own) or an agency (shared with it), else 404. */
export async function releaseFor(
  deps: AppDeps,
  id: string,
  who: { organiserId: string } | { agencyId: string },
) {
  const found = await releaseView(deps, id);
  const visible =
    found &&
    ('organiserId' in who
      ? found.organiserId === who.organiserId
      : found.release.agencyIds.includes(who.agencyId) && found.release.state === 'ready');
  if (!visible) throw new AppError('not_found');
  return found;
}
