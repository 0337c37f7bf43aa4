// The citizen channel's score for one unit. Each service point's mean (verified ratings
// weighted up) is combined in proportion to how many people the point serves
// (post-stratification), so a busy window is not under-represented by a quiet one with
// eager raters. Without known volumes, points count in proportion to their ratings.
import type { ScoringPolicy } from './policy.ts';
import type { Estimate } from './statistics.ts';

/** Ratings of one service point: counts per level (index 0 = level 1 … 4 = level 5). */
export interface ServicePointRatings {
  servicePointId: string;
  verified: [number, number, number, number, number];
  unverified: [number, number, number, number, number];
}

interface Stratum {
  weightSum: number;
  mean: number;
  variance: number | null;
  effectiveN: number;
  n: number;
}

function stratum(r: ServicePointRatings, policy: ScoringPolicy): Stratum {
  let weightSum = 0;
  let weightSqSum = 0;
  let sum = 0;
  let n = 0;
  const vw = policy.verifiedWeight;
  // Plain loops without per-level temporaries: live standings run this for every service point
  // on each dashboard read.
  for (let level = 0; level < 5; level++) {
    const points = policy.levelPoints[level] as number;
    const verified = r.verified[level] as number;
    const unverified = r.unverified[level] as number;
    const weight = verified * vw + unverified;
    weightSum += weight;
    weightSqSum += verified * vw * vw + unverified;
    sum += weight * points;
    n += verified + unverified;
  }
  const mean = weightSum > 0 ? sum / weightSum : 0;
  let squares = 0;
  for (let level = 0; level < 5; level++) {
    const points = policy.levelPoints[level] as number;
    squares +=
      ((r.verified[level] as number) * policy.verifiedWeight + (r.unverified[level] as number)) *
      (points - mean) ** 2;
  }
  const effectiveN = weightSqSum > 0 ? (weightSum * weightSum) / weightSqSum : 0;
  const variance = n >= 2 && weightSum > 0 ? (squares / weightSum) * (n / (n - 1)) : null;
  return { weightSum, mean, variance, effectiveN, n };
}

export function scoreCitizenChannel(
  points: readonly ServicePointRatings[],
  volumes: ReadonlyMap<string, number>,
  policy: ScoringPolicy,
): Estimate & { volumeWeighted: boolean } {
  const strata = points
    .map((p) => ({ id: p.servicePointId, s: stratum(p, policy) }))
    .filter((x) => x.s.n > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = strata.reduce((a, x) => a + x.s.n, 0);
  if (n === 0) return { score: null, n: 0, se: null, volumeWeighted: false };
  const volumeWeighted = strata.every((x) => (volumes.get(x.id) ?? 0) > 0);
  const raw = strata.map((x) => (volumeWeighted ? (volumes.get(x.id) as number) : x.s.weightSum));
  const total = raw.reduce((a, b) => a + b, 0);
  const shares = raw.map((r) => r / total);
  const score = strata.reduce((a, x, i) => a + (shares[i] as number) * x.s.mean, 0);
  // A stratum with one rating has no variance of its own: borrow the pooled one.
  const pooled = pooledVariance(strata.map((x) => x.s));
  let variance = 0;
  let estimable = pooled !== null;
  strata.forEach((x, i) => {
    const v = x.s.variance ?? pooled;
    if (v === null || x.s.effectiveN === 0) {
      estimable = false;
      return;
    }
    variance += (shares[i] as number) ** 2 * (v / x.s.effectiveN);
  });
  return { score, n, se: estimable ? Math.sqrt(variance) : null, volumeWeighted };
}

function pooledVariance(strata: readonly Stratum[]): number | null {
  let num = 0;
  let den = 0;
  for (const s of strata) {
    if (s.variance !== null) {
      num += s.variance * (s.n - 1);
      den += s.n - 1;
    }
  }
  return den > 0 ? num / den : null;
}

/** Mean points of one aspect (for the breakdown), from its level counts. */
export function aspectMean(
  counts: readonly number[],
  policy: ScoringPolicy,
): { mean: number | null; n: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return { mean: null, n: 0 };
  return { mean: counts.reduce((a, c, level) => a + c * (policy.levelPoints[level] as number), 0) / n, n };
}
