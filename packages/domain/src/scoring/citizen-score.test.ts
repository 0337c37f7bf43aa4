import { describe, expect, it } from 'vitest';
import { scoreCitizenChannel } from './citizen-score.ts';
import { DEFAULT_SCORING_POLICY as policy } from './policy.ts';

const none = [0, 0, 0, 0, 0] as [number, number, number, number, number];

describe('scoreCitizenChannel (golden)', () => {
  it('weights service points by their volume, not by how many people rated', () => {
    // Busy window A: 2 ratings, both level 5 (100 points) → mean 100, serves 900 people.
    // Quiet window B: 8 ratings, all level 3 (60 points)  → mean 60, serves 100 people.
    // Pooled mean would be (2×100 + 8×60) / 10 = 68.
    // Post-stratified: 0.9 × 100 + 0.1 × 60 = 96.
    const result = scoreCitizenChannel(
      [
        { servicePointId: 'A', verified: none, unverified: [0, 0, 0, 0, 2] },
        { servicePointId: 'B', verified: none, unverified: [0, 0, 8, 0, 0] },
      ],
      new Map([
        ['A', 900],
        ['B', 100],
      ]),
      policy,
    );
    expect(result.score).toBeCloseTo(96, 10);
    expect(result.n).toBe(10);
    expect(result.volumeWeighted).toBe(true);
  });

  it('counts a verified rating 1.5 times and falls back to rating weights without volumes', () => {
    // One window: 2 verified at level 5 (weight 1.5 each → 3.0 × 100 = 300),
    // 2 unverified at level 1 (weight 1 each → 2 × 0 = 0). Mean = 300 / 5 = 60.
    const result = scoreCitizenChannel(
      [{ servicePointId: 'A', verified: [0, 0, 0, 0, 2], unverified: [2, 0, 0, 0, 0] }],
      new Map(),
      policy,
    );
    expect(result.score).toBeCloseTo(60, 10);
    expect(result.volumeWeighted).toBe(false);
  });

  it('gives a standard error that shrinks with more ratings', () => {
    const small = scoreCitizenChannel(
      [{ servicePointId: 'A', verified: none, unverified: [1, 1, 1, 1, 1] }],
      new Map(),
      policy,
    );
    const large = scoreCitizenChannel(
      [{ servicePointId: 'A', verified: none, unverified: [10, 10, 10, 10, 10] }],
      new Map(),
      policy,
    );
    // Points 0, 30, 60, 80, 100: mean 54; sample variance with n = 5:
    // deviations² = 2916 + 576 + 36 + 676 + 2116 = 6320; /4 = 1580; se = sqrt(1580/5) = 17.776…
    expect(small.score).toBeCloseTo(54, 10);
    expect(small.se).toBeCloseTo(Math.sqrt(1580 / 5), 10);
    expect(large.se).toBeLessThan(small.se as number);
  });

  it('has no score without ratings', () => {
    expect(scoreCitizenChannel([], new Map(), policy)).toMatchObject({ score: null, n: 0 });
  });
});
