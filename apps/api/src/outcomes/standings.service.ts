// Live standings for the organiser's dashboard while a cycle runs: read from the running
// tallies (a few rows per service point), scored with the same citizen formula and policy
// the final computation uses.
import { type LiveStandingsResponse, scoringPolicyOf } from '@kaimen/contracts';
import {
  type Actor,
  citizenTallies,
  loadCycleForScoring,
  servicePointVolumes,
  unitsForStandings,
} from '@kaimen/db';
import { liveStandings, round3 } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { groupCitizenCounts } from './scoring-inputs.ts';

export async function standingsOf(
  deps: AppDeps,
  actor: Actor & { organiserId: string },
  cycleId: string,
): Promise<LiveStandingsResponse> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const [units, tallies, volumes] = await Promise.all([
    unitsForStandings(deps.db, cycle.organiser_id),
    citizenTallies(deps.db, cycle.id),
    servicePointVolumes(deps.db, cycle),
  ]);
  const policy = scoringPolicyOf(cycle.policy);
  const byUnit = new Map(
    [...groupCitizenCounts(tallies)].map(([unit, points]) => [unit, [...points.values()]]),
  );
  const standings = liveStandings(
    units.map((u) => ({ id: u.id, categoryId: u.category_id })),
    byUnit,
    new Map(volumes.map((v) => [v.service_point_id, Number(v.volume)])),
    policy,
  );
  return {
    cycleId: cycle.id,
    minCitizenSample: policy.minCitizenSample,
    asOf: deps.now().toISOString(),
    units: standings.map((s, i) => {
      const unit = units[i] as (typeof units)[number];
      return {
        unitId: s.unitId,
        unitName: unit.name,
        category: { id: unit.category_id, name: unit.category_name },
        n: s.n,
        score: s.score === null ? null : round3(s.score),
        ci: s.interval ? [round3(s.interval[0]), round3(s.interval[1])] : null,
        satisfiedShare: s.satisfiedShare === null ? null : round3(s.satisfiedShare),
        sufficient: s.sufficient,
        rank: s.rank,
      };
    }),
  };
}
