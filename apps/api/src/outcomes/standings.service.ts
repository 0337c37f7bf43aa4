// Live standings for the organiser's dashboard while a cycle runs: read from the running
// tallies (a few rows per service point), scored with the same citizen formula and policy
// the final computation uses.
import { type LiveStandingsResponse, scoringPolicyOf } from '@kaimen/contracts';
import {
  type Actor,
  citizenTalliesByServicePoint,
  citizenTallyDigest,
  loadCycleForScoring,
  servicePointVolumes,
  unitsForStandings,
} from '@kaimen/db';
import { liveStandings, round3, type ServicePointRatings } from '@kaimen/domain';
import { TtlCache } from '../citizen/ttl-cache.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

// The unit list and the service volumes are reference data (edited or imported now and then),
// not live: up to a minute's staleness is fine on a dashboard. The ratings are always read
// fresh, and the cycle computation reads everything fresh.
const unitCache = new TtlCache<Awaited<ReturnType<typeof unitsForStandings>>>(60_000, 1000);
const volumeCache = new TtlCache<Awaited<ReturnType<typeof servicePointVolumes>>>(60_000, 1000);

// The last standings computed per cycle, with what they were computed from. A read first asks
// the database for a digest of the tallies (one row); only when the tallies, the reference data
// or the policy differ are the tally rows fetched and scored again. Never stale: a single new
// rating changes the digest.
interface Computed {
  digest: string;
  units: unknown;
  volumes: unknown;
  policy: string;
  rows: LiveStandingsResponse['units'];
}
const computedCache = new Map<string, Computed>();
const MAX_COMPUTED = 100;

export async function standingsOf(
  deps: AppDeps,
  actor: Actor & { organiserId: string },
  cycleId: string,
): Promise<LiveStandingsResponse> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const [units, volumes, digest] = await Promise.all([
    unitCache.get(cycle.organiser_id, Date.now(), () => unitsForStandings(deps.db, cycle.organiser_id)),
    volumeCache.get(cycle.id, Date.now(), () => servicePointVolumes(deps.db, cycle)),
    citizenTallyDigest(deps.db, cycle.id),
  ]);
  const policy = scoringPolicyOf(cycle.policy);
  const policyKey = JSON.stringify(cycle.policy);
  let computed = computedCache.get(cycle.id);
  if (
    !computed ||
    computed.digest !== digest ||
    computed.units !== units ||
    computed.volumes !== volumes ||
    computed.policy !== policyKey
  ) {
    const tallies = await citizenTalliesByServicePoint(deps.db, cycle.id);
    // Tallies committed between the digest and this read are included; the digest kept is the
    // older one, so the next read recomputes rather than serving them as current forever.
    computed = { digest, units, volumes, policy: policyKey, rows: score(units, tallies, volumes, policy) };
    if (computedCache.size >= MAX_COMPUTED) computedCache.clear();
    computedCache.set(cycle.id, computed);
  }
  return {
    cycleId: cycle.id,
    minCitizenSample: policy.minCitizenSample,
    asOf: deps.now().toISOString(),
    units: computed.rows,
  };
}

function score(
  units: Awaited<ReturnType<typeof unitsForStandings>>,
  tallies: Awaited<ReturnType<typeof citizenTalliesByServicePoint>>,
  volumes: Awaited<ReturnType<typeof servicePointVolumes>>,
  policy: ReturnType<typeof scoringPolicyOf>,
): LiveStandingsResponse['units'] {
  const byUnit = new Map<string, ServicePointRatings[]>();
  for (const t of tallies) {
    const points = byUnit.get(t.unit_id) ?? [];
    points.push({
      servicePointId: t.service_point_id,
      verified: t.verified as ServicePointRatings['verified'],
      unverified: t.unverified as ServicePointRatings['unverified'],
    });
    byUnit.set(t.unit_id, points);
  }
  const standings = liveStandings(
    units.map((u) => ({ id: u.id, categoryId: u.category_id })),
    byUnit,
    new Map(volumes.map((v) => [v.service_point_id, Number(v.volume)])),
    policy,
  );
  return standings.map((s, i) => {
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
  });
}
