import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import {
  chooseGeneralisation,
  DEFAULT_ANONYMITY,
  type LevelStats,
  lossOf,
  outcomeFromTotals,
  outcomeOf,
  PLACE_LEVELS,
  TIME_LEVELS,
} from './generalisation.ts';

const g = (n: number, distinct: number) => ({ n, distinct });

describe('outcomeOf', () => {
  it('keeps only groups of at least k rows and l distinct ratings, and reports risk', () => {
    const o = outcomeOf(
      { time: 'day', place: 'unit', groups: [g(5, 2), g(10, 3), g(4, 3), g(7, 1)] },
      DEFAULT_ANONYMITY,
    );
    // Kept: 5 + 10 rows in 2 groups; suppressed: the 4-row group (< k) and the 7 identical ratings (< l).
    expect(o).toMatchObject({
      totalRows: 26,
      keptRows: 15,
      suppressedRows: 11,
      keptGroups: 2,
      kAchieved: 5,
      lAchieved: 2,
    });
    expect(o.maxRisk).toBeCloseTo(1 / 5);
    // Average over the 15 released rows of 1 / group size = (5 × 1/5 + 10 × 1/10) / 15 = 2 / 15.
    expect(o.averageRisk).toBeCloseTo(2 / 15);
  });
});

const choose = (candidates: LevelStats[], settings: typeof DEFAULT_ANONYMITY) =>
  chooseGeneralisation(
    candidates.map((c) => outcomeOf(c, settings)),
    settings,
  );

describe('outcomeFromTotals', () => {
  it('gives the same outcome as counting the groups one by one', () => {
    const rng = createRandom(11);
    for (let round = 0; round < 50; round++) {
      const groups = Array.from({ length: rng.int(0, 12) }, () => g(rng.int(1, 20), rng.int(1, 5)));
      const settings = { k: rng.int(2, 8), l: rng.int(1, 3), maxSuppressedShare: 0.05 };
      const kept = groups.filter((x) => x.n >= settings.k && x.distinct >= settings.l);
      const totals = outcomeFromTotals({
        time: 'week',
        place: 'unit',
        totalRows: groups.reduce((a, x) => a + x.n, 0),
        keptRows: kept.reduce((a, x) => a + x.n, 0),
        keptGroups: kept.length,
        minKeptRows: kept.length ? Math.min(...kept.map((x) => x.n)) : null,
        minKeptDistinct: kept.length ? Math.min(...kept.map((x) => x.distinct)) : null,
      });
      expect(totals).toEqual(outcomeOf({ time: 'week', place: 'unit', groups }, settings));
    }
  });
});

describe('chooseGeneralisation', () => {
  const levels = (
    groupsOf: (time: number, place: number) => { n: number; distinct: number }[],
  ): LevelStats[] =>
    TIME_LEVELS.flatMap((time, ti) =>
      PLACE_LEVELS.map((place, pi) => ({ time, place, groups: groupsOf(ti, pi) })),
    );

  it('picks the finest generalisation within the suppression budget', () => {
    // Finer levels suppress half; of the loss-2 levels unit × week suppresses 4%, category × day
    // 10% (over budget), service point × month half; coarser ones nothing.
    const choice = choose(
      levels((t, p) => {
        if (t + p < 2 || (t === 2 && p === 0)) return [g(50, 3), g(50, 1)]; // half suppressed
        if (t === 1 && p === 1) return [g(96, 4), g(4, 4)];
        if (t === 0 && p === 2) return [g(90, 4), g(10, 1)];
        return [g(100, 5)];
      }),
      DEFAULT_ANONYMITY,
    );
    expect([choice.time, choice.place]).toEqual(['week', 'unit']);
    expect(choice.suppressedRows).toBe(4);
  });

  it('falls back to the least suppression when no level is within the budget', () => {
    const choice = choose(
      levels((t, p) => [g(80 + t * 5 + p, 3), g(20 - t * 5 - p, 1)]),
      { ...DEFAULT_ANONYMITY, maxSuppressedShare: 0 },
    );
    expect([choice.time, choice.place]).toEqual(['month', 'category']);
  });

  it('never chooses a level that suppresses more when an equally detailed one suppresses less', () => {
    const rng = createRandom(7);
    for (let round = 0; round < 50; round++) {
      const candidates = levels(() =>
        Array.from({ length: rng.int(1, 8) }, () => g(rng.int(1, 30), rng.int(1, 5))),
      );
      const settings = { k: rng.int(2, 6), l: rng.int(1, 3), maxSuppressedShare: rng.int(0, 20) / 100 };
      const choice = choose(candidates, settings);
      const all = candidates.map((c) => outcomeOf(c, settings));
      const share = (o: (typeof all)[number]) => (o.totalRows ? o.suppressedRows / o.totalRows : 0);
      if (share(choice) <= settings.maxSuppressedShare) {
        for (const o of all)
          if (share(o) <= settings.maxSuppressedShare) expect(lossOf(choice)).toBeLessThanOrEqual(lossOf(o));
      } else {
        for (const o of all) expect(choice.suppressedRows).toBeLessThanOrEqual(o.suppressedRows);
      }
    }
  });
});
