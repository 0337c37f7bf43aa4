import { describe, expect, it } from 'vitest';
import type { ServicePointRatings } from './citizen-score.ts';
import { liveStandings } from './live-standings.ts';
import { DEFAULT_SCORING_POLICY } from './policy.ts';

const point = (id: string, unverified: ServicePointRatings['unverified']): ServicePointRatings => ({
  servicePointId: id,
  verified: [0, 0, 0, 0, 0],
  unverified,
});

describe('live standings', () => {
  const units = [
    { id: 'a', categoryId: 'x' },
    { id: 'b', categoryId: 'x' },
    { id: 'c', categoryId: 'x' },
    { id: 'd', categoryId: 'x' },
    { id: 'e', categoryId: 'y' },
    { id: 'f', categoryId: 'y' },
  ];
  const ratings = new Map([
    // (10×80 + 30×100) / 40 = 95; satisfied (levels 4–5) 40/40.
    ['a', [point('a1', [0, 0, 0, 10, 30])]],
    // (10×60 + 20×80 + 10×100) / 40 = 80; satisfied 30/40.
    ['b', [point('b1', [0, 0, 10, 20, 10])]],
    // Same as b: ties share rank 2.
    ['d', [point('d1', [0, 0, 10, 20, 10])]],
    // 5 ratings < minimum 30: scored but not ranked.
    ['c', [point('c1', [0, 0, 0, 0, 5])]],
    // Two windows without volumes count by their ratings: (20×0 + 20×100) / 40 = 50.
    ['e', [point('e1', [20, 0, 0, 0, 0]), point('e2', [0, 0, 0, 0, 20])]],
  ]);
  const rows = new Map(
    liveStandings(units, ratings, new Map(), DEFAULT_SCORING_POLICY).map((r) => [r.unitId, r]),
  );

  it('scores each unit with the citizen channel formula and ranks sufficient units within their category', () => {
    expect(rows.get('a')).toMatchObject({ n: 40, score: 95, satisfiedShare: 1, sufficient: true, rank: 1 });
    expect(rows.get('b')).toMatchObject({ n: 40, score: 80, satisfiedShare: 0.75, rank: 2 });
    expect(rows.get('d')).toMatchObject({ score: 80, rank: 2 });
    expect(rows.get('e')).toMatchObject({ n: 40, score: 50, satisfiedShare: 0.5, rank: 1 });
  });

  it('does not rank a unit below the minimum sample, and leaves a unit without ratings empty', () => {
    expect(rows.get('c')).toMatchObject({ n: 5, score: 100, sufficient: false, rank: null });
    expect(rows.get('f')).toMatchObject({
      n: 0,
      score: null,
      satisfiedShare: null,
      interval: null,
      rank: null,
    });
  });

  it('gives an interval around the score that narrows as ratings grow', () => {
    const [lo, hi] = rows.get('b')?.interval ?? [0, 0];
    expect(lo).toBeLessThan(80);
    expect(hi).toBeGreaterThan(80);
    const more = liveStandings(
      [{ id: 'b', categoryId: 'x' }],
      new Map([['b', [point('b1', [0, 0, 100, 200, 100])]]]),
      new Map(),
      DEFAULT_SCORING_POLICY,
    )[0];
    const [lo2, hi2] = more?.interval ?? [0, 0];
    expect(hi2 - lo2).toBeLessThan(hi - lo);
  });
});
