// Provisional standings while a cycle is open: the citizen channel only, from running tallies.
// The same post-stratified score the final computation uses, so the dashboard and the
// published outcome never disagree about the same ratings; other channels arrive at
// computation time and are not guessed here.
import { type ServicePointRatings, scoreCitizenChannel } from './citizen-score.ts';
import type { ScoringPolicy } from './policy.ts';
import { interval } from './statistics.ts';

export interface LiveStanding {
  unitId: string;
  categoryId: string;
  n: number;
  /** 0–100; null without ratings. */
  score: number | null;
  interval: [number, number] | null;
  /** Share of ratings at 满意 or 非常满意 (levels 4–5), unweighted. */
  satisfiedShare: number | null;
  /** False below the policy's minimum sample: shown as 样本不足, never ranked. */
  sufficient: boolean;
  /** Rank within the category among sufficient units (ties share a rank); null when not ranked. */
  rank: number | null;
}

/** One unit's provisional citizen standing, not yet ranked. */
export function liveStanding(
  unit: { id: string; categoryId: string },
  points: readonly ServicePointRatings[],
  volumes: ReadonlyMap<string, number>,
  policy: ScoringPolicy,
): LiveStanding {
  const estimate = scoreCitizenChannel(points, volumes, policy);
  let satisfied = 0;
  for (const p of points) satisfied += p.verified[3] + p.verified[4] + p.unverified[3] + p.unverified[4];
  return {
    unitId: unit.id,
    categoryId: unit.categoryId,
    n: estimate.n,
    score: estimate.score,
    interval: interval(estimate),
    satisfiedShare: estimate.n > 0 ? satisfied / estimate.n : null,
    sufficient: estimate.n >= policy.minCitizenSample,
    rank: null,
  };
}

/**
 * The standings ranked within their category among sufficient units (ties share a rank);
 * new objects, in the order given.
 */
export function rankLiveStandings(standings: readonly LiveStanding[]): LiveStanding[] {
  const rows = standings.map((s) => ({ ...s, rank: null as number | null }));
  const byCategory = new Map<string, LiveStanding[]>();
  for (const r of rows) {
    if (!r.sufficient || r.score === null) continue;
    const list = byCategory.get(r.categoryId) ?? [];
    list.push(r);
    byCategory.set(r.categoryId, list);
  }
  for (const list of byCategory.values()) {
    list.sort((a, b) => (b.score as number) - (a.score as number));
    list.forEach((r, i) => {
      const previous = list[i - 1];
      r.rank = previous !== undefined && previous.score === r.score ? (previous.rank as number) : i + 1;
    });
  }
  return rows;
}

export function liveStandings(
  units: readonly { id: string; categoryId: string }[],
  ratings: ReadonlyMap<string, readonly ServicePointRatings[]>,
  volumes: ReadonlyMap<string, number>,
  policy: ScoringPolicy,
): LiveStanding[] {
  return rankLiveStandings(units.map((u) => liveStanding(u, ratings.get(u.id) ?? [], volumes, policy)));
}
