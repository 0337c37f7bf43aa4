// Live standings for the organiser's dashboard while a cycle runs: read from the running
// tallies (a few rows per service point), scored with the same citizen formula and policy
// the final computation uses.
import { type LiveStandingsResponse, scoringPolicyOf } from '@kaimen/contracts';
import {
  type Actor,
  citizenTalliesByServicePoint,
  citizenTallyVersions,
  loadCycleForScoring,
  servicePointVolumes,
  unitsForStandings,
} from '@kaimen/db';
import {
  type LiveStanding,
  liveStanding,
  rankLiveStandings,
  round3,
  type ScoringPolicy,
  type ServicePointRatings,
} from '@kaimen/domain';
import { TtlCache } from '../citizen/ttl-cache.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type Units = Awaited<ReturnType<typeof unitsForStandings>>;
type Volumes = Awaited<ReturnType<typeof servicePointVolumes>>;
type Tally = Awaited<ReturnType<typeof citizenTalliesByServicePoint>>[number];

// The unit list and the service volumes are reference data (edited or imported now and then),
// not live: up to a minute's staleness is fine on a dashboard. The ratings are always read
// fresh, and the cycle computation reads everything fresh.
const unitCache = new TtlCache<Units>(60_000, 1000);
const volumeCache = new TtlCache<Volumes>(60_000, 1000);

// What the last read of a cycle computed, kept so the next read only redoes what moved. Each read
// asks for the tally rows' versions (short rows); rows whose version changed are fetched again and
// only their units rescored, then all are re-ranked. Never stale: a new rating moves a version.
interface Model {
  units: Units;
  volumes: Volumes;
  policy: string;
  tallies: Map<string, Tally>;
  standings: Map<string, LiveStanding>;
}
const models = new Map<string, Model>();
const MAX_MODELS = 100;

/** Drops every kept model, so the next read computes from scratch (tests compare the two). */
export function resetStandingsModels(): void {
  models.clear();
}

export async function standingsOf(
  deps: AppDeps,
  actor: Actor & { organiserId: string },
  cycleId: string,
): Promise<LiveStandingsResponse> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const [units, volumes, versions] = await Promise.all([
    unitCache.get(cycle.organiser_id, Date.now(), () => unitsForStandings(deps.db, cycle.organiser_id)),
    volumeCache.get(cycle.id, Date.now(), () => servicePointVolumes(deps.db, cycle)),
    citizenTallyVersions(deps.db, cycle.id),
  ]);
  const policy = scoringPolicyOf(cycle.policy);
  const policyKey = JSON.stringify(cycle.policy);
  const volumeOf = new Map(volumes.map((v) => [v.service_point_id, Number(v.volume)]));

  let model = models.get(cycle.id);
  if (!model || model.units !== units || model.volumes !== volumes || model.policy !== policyKey) {
    const tallies = new Map(
      (await citizenTalliesByServicePoint(deps.db, cycle.id)).map((t) => [t.service_point_id, t]),
    );
    model = { units, volumes, policy: policyKey, tallies, standings: new Map() };
    rescore(model, new Set(units.map((u) => u.id)), volumeOf, policy);
    if (models.size >= MAX_MODELS) models.clear();
    models.set(cycle.id, model);
  } else {
    const current = new Set<string>();
    const moved: string[] = [];
    for (const v of versions) {
      current.add(v.service_point_id);
      if (model.tallies.get(v.service_point_id)?.version !== v.version) moved.push(v.service_point_id);
    }
    const touched = new Set<string>();
    for (const [id, t] of model.tallies)
      if (!current.has(id)) {
        model.tallies.delete(id);
        touched.add(t.unit_id);
      }
    // Fetched rows carry their own versions, so a row that moved again in between is simply
    // fetched once more on the next read.
    for (const t of await citizenTalliesByServicePoint(deps.db, cycle.id, moved)) {
      model.tallies.set(t.service_point_id, t);
      touched.add(t.unit_id);
    }
    rescore(model, touched, volumeOf, policy);
  }

  const ranked = rankLiveStandings(
    units.flatMap((u) => {
      const s = (model as Model).standings.get(u.id);
      return s ? [s] : [];
    }),
  );
  return {
    cycleId: cycle.id,
    minCitizenSample: policy.minCitizenSample,
    asOf: deps.now().toISOString(),
    units: ranked.map((s, i) => {
      const unit = units[i] as Units[number];
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

/** Scores the given units again from the model's tallies. */
function rescore(
  model: Model,
  unitIds: ReadonlySet<string>,
  volumes: ReadonlyMap<string, number>,
  policy: ScoringPolicy,
) {
  if (unitIds.size === 0) return;
  const points = new Map<string, ServicePointRatings[]>();
  for (const t of model.tallies.values()) {
    if (!unitIds.has(t.unit_id)) continue;
    const list = points.get(t.unit_id) ?? [];
    list.push({
      servicePointId: t.service_point_id,
      verified: t.verified as ServicePointRatings['verified'],
      unverified: t.unverified as ServicePointRatings['unverified'],
    });
    points.set(t.unit_id, list);
  }
  for (const u of model.units)
    if (unitIds.has(u.id))
      model.standings.set(
        u.id,
        liveStanding({ id: u.id, categoryId: u.category_id }, points.get(u.id) ?? [], volumes, policy),
      );
}
