// What the golden test pins of each demo unit's outcome: everything a reader of the results sees.
import type { UnitOutcome } from '../../packages/domain/src/index.ts';

export function pinOutcomes(outcomes: readonly UnitOutcome[], codeOf: ReadonlyMap<string, string>) {
  return Object.fromEntries(
    outcomes
      .map(
        (o) =>
          [
            codeOf.get(o.unitId) ?? o.unitId,
            {
              composite: o.composite,
              ci: o.ci,
              grade: o.grade,
              rank: [o.rank, o.rankLow, o.rankHigh],
              deductions: o.deductionTotal,
              petition: o.petition ? [o.petition.verified, o.petition.points] : null,
              spotCheck: o.spotCheck,
              flags: o.flags,
              negativeList: o.negativeList,
              channels: Object.fromEntries(
                o.channels
                  .filter((c) => c.status !== 'no_data')
                  .map((c) => [c.channel, [c.status, c.score, c.n, c.uncertainty.basis, c.effectiveWeight]]),
              ),
            },
          ] as const,
      )
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
