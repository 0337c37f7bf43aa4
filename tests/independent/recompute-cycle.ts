// An independent recomputation of a cycle's composites, straight from the base tables
// (citizen_rating, not the tallies; service_volume; panel ballots and submissions; indicator
// scores; findings; petition opinions; spot checks), written apart from packages/domain/scoring:
// it imports nothing from it, restates the policy defaults and every rule in its own words, so a
// test comparing the two catches a slip in either.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: any database with the project's schema
type AnyDb = Kysely<any>;

interface Policy {
  levelPoints: number[];
  verifiedWeight: number;
  minCitizenSample: number;
  insufficientSample: string;
  panelTrimAbove: number;
  panelQuorum: number;
  panelMinBallots: number;
  suspiciousBallots: string;
  spotCheckShare: number;
  deductionCap: number | null;
  petitionRule: { mode: string; basis: string; pointsPer: number; cap: number; share: number };
}

const DEFAULTS: Policy = {
  levelPoints: [0, 30, 60, 80, 100],
  verifiedWeight: 1.5,
  minCitizenSample: 30,
  insufficientSample: 'redistribute',
  panelTrimAbove: 5,
  panelQuorum: 0.6,
  panelMinBallots: 3,
  suspiciousBallots: 'flag',
  spotCheckShare: 0,
  deductionCap: null,
  petitionRule: { mode: 'off', basis: 'count', pointsPer: 1, cap: 5, share: 0 },
};

interface Node {
  id: string;
  parent: string | null;
  weight: number;
  min: number;
  max: number;
}

/** Weighted mean of the children that have a value, recursively; leaves take their own value. */
function treeScore(nodes: Node[], leafValues: Map<string, number>): number | null {
  const kids = new Map<string | null, Node[]>();
  for (const n of nodes) kids.set(n.parent, [...(kids.get(n.parent) ?? []), n]);
  const value = (n: Node): number | null => {
    const children = kids.get(n.id) ?? [];
    if (children.length === 0) return leafValues.get(n.id) ?? null;
    return average(children);
  };
  const average = (list: Node[]): number | null => {
    let num = 0;
    let den = 0;
    for (const c of list) {
      const v = value(c);
      if (v === null) continue;
      num += c.weight * v;
      den += c.weight;
    }
    return den > 0 ? num / den : null;
  };
  return average(kids.get(null) ?? []);
}

const to100 = (n: Node, raw: number) => ((raw - n.min) / (n.max - n.min)) * 100;

export interface Recomputed {
  unitId: string;
  composite: number | null;
  channels: Record<string, number | null>;
}

export async function recomputeCycle(db: AnyDb, cycleId: string): Promise<Recomputed[]> {
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const [cycle] = await q<{
    organiser_id: string;
    policy: Partial<Policy> | null;
    starts_on: string;
    ends_on: string;
  }>(
    sql`SELECT organiser_id, policy, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on FROM cycle WHERE id = ${cycleId}`,
  );
  if (!cycle) throw new Error('no such cycle');
  const policy: Policy = { ...DEFAULTS, ...(cycle.policy ?? {}) };

  const units = await q<{ id: string; category_id: string }>(
    sql`SELECT id, category_id FROM unit WHERE organiser_id = ${cycle.organiser_id} AND retired_at IS NULL`,
  );
  const nodes = await q<{
    id: string;
    category_id: string;
    parent_id: string | null;
    weight: string;
    scale_min: string;
    scale_max: string;
  }>(
    sql`SELECT id, category_id, parent_id, weight::text, scale_min::text, scale_max::text FROM indicator WHERE cycle_id = ${cycleId} AND NOT retired`,
  );
  const treeOf = new Map<string, Node[]>();
  for (const n of nodes)
    treeOf.set(n.category_id, [
      ...(treeOf.get(n.category_id) ?? []),
      {
        id: n.id,
        parent: n.parent_id,
        weight: Number(n.weight),
        min: Number(n.scale_min),
        max: Number(n.scale_max),
      },
    ]);
  const nodeById = new Map([...treeOf.values()].flat().map((n) => [n.id, n]));
  const weights = await q<{ category_id: string; channel: string; weight: string }>(
    sql`SELECT category_id, channel, weight::text FROM channel_weight WHERE cycle_id = ${cycleId}`,
  );

  // Citizens, from the ratings themselves: counted unless quarantined, rejected or malicious.
  const ratings = await q<{
    unit_id: string;
    service_point_id: string;
    verified: boolean;
    overall: number;
    n: string;
  }>(
    sql`SELECT unit_id, service_point_id, verified, overall, count(*)::text AS n FROM citizen_rating
        WHERE cycle_id = ${cycleId} AND quarantine_state IN ('none', 'released') AND NOT malicious
        GROUP BY 1, 2, 3, 4`,
  );
  const volumes = await q<{ service_point_id: string; unit_id: string; v: string }>(
    sql`SELECT v.service_point_id, sp.unit_id, sum(v.volume)::text AS v FROM service_volume v
        JOIN service_point sp ON sp.id = v.service_point_id
        WHERE v.period_start >= ${cycle.starts_on}::date AND v.period_end <= ${cycle.ends_on}::date GROUP BY 1, 2`,
  );
  const volumeOf = new Map(volumes.map((v) => [v.service_point_id, Number(v.v)]));
  const visitsOf = new Map<string, number>();
  for (const v of volumes) visitsOf.set(v.unit_id, (visitsOf.get(v.unit_id) ?? 0) + Number(v.v));
  const windows = new Map<string, Map<string, { w: number; sum: number; n: number }>>();
  for (const r of ratings) {
    const perUnit = windows.get(r.unit_id) ?? new Map();
    windows.set(r.unit_id, perUnit);
    const acc = perUnit.get(r.service_point_id) ?? { w: 0, sum: 0, n: 0 };
    const n = Number(r.n);
    const w = n * (r.verified ? policy.verifiedWeight : 1);
    acc.w += w;
    acc.sum += w * (policy.levelPoints[r.overall - 1] as number);
    acc.n += n;
    perUnit.set(r.service_point_id, acc);
  }
  const citizen = (unitId: string) => {
    const list = [...(windows.get(unitId) ?? new Map()).entries()];
    const n = list.reduce((a, [, x]) => a + x.n, 0);
    if (n === 0) return { score: null, n };
    const byVolume = list.every(([id]) => (volumeOf.get(id) ?? 0) > 0);
    const share = list.map(([id, x]) => (byVolume ? (volumeOf.get(id) as number) : x.w));
    const total = share.reduce((a, b) => a + b, 0);
    return { score: list.reduce((a, [, x], i) => a + ((share[i] as number) / total) * (x.sum / x.w), 0), n };
  };

  // Panels: valid and flagged ballots count (void ones and, by policy, suspicious ones do not).
  const ballotRows = await q<{
    id: string;
    unit_id: string;
    channel: string;
    validity: string;
    indicator_id: string;
    score: string;
  }>(
    sql`SELECT b.id, b.unit_id, b.channel, b.validity, s.indicator_id, s.score::text FROM panel_ballot b
        JOIN panel_ballot_score s ON s.ballot_id = b.id WHERE b.cycle_id = ${cycleId}`,
  );
  const ballots = new Map<
    string,
    { unit: string; channel: string; validity: string; scores: Map<string, number> }
  >();
  for (const b of ballotRows) {
    const x = ballots.get(b.id) ?? {
      unit: b.unit_id,
      channel: b.channel,
      validity: b.validity,
      scores: new Map(),
    };
    const node = nodeById.get(b.indicator_id);
    if (node) x.scores.set(b.indicator_id, to100(node, Number(b.score)));
    ballots.set(b.id, x);
  }
  const participation = await q<{ unit_id: string; channel: string; invited: number; submitted: number }>(
    sql`SELECT a.unit_id,
               CASE e.kind WHEN 'special_supervisor' THEN 'special_supervisor' ELSE 'representative' END AS channel,
               count(*)::int AS invited,
               count(*) FILTER (WHERE EXISTS (
                 SELECT 1 FROM panel_submission s WHERE s.cycle_id = a.cycle_id AND s.unit_id = a.unit_id AND s.evaluator_id = a.evaluator_id
               ))::int AS submitted
        FROM evaluator_assignment a JOIN evaluator e ON e.id = a.evaluator_id
        WHERE a.cycle_id = ${cycleId} GROUP BY 1, 2`,
  );
  const panel = (unitId: string, categoryId: string, channel: string) => {
    const p = participation.find((x) => x.unit_id === unitId && x.channel === channel);
    const counted = [...ballots.values()].filter((b) => {
      if (b.unit !== unitId || b.channel !== channel || b.validity === 'void') return false;
      const v = [...b.scores.values()];
      const odd = v.length >= 2 && (v.every((x) => x === v[0]) || v.every((x) => x >= 100));
      return !(odd && policy.suspiciousBallots === 'void');
    });
    if (
      !p ||
      p.invited === 0 ||
      p.submitted / p.invited < policy.panelQuorum ||
      counted.length < policy.panelMinBallots
    )
      return null;
    const leaves = new Map<string, number>();
    const ids = new Set(counted.flatMap((b) => [...b.scores.keys()]));
    for (const id of ids) {
      const values = counted
        .flatMap((b) => (b.scores.has(id) ? [b.scores.get(id) as number] : []))
        .sort((a, b) => a - b);
      const kept = values.length > policy.panelTrimAbove ? values.slice(1, values.length - 1) : values;
      leaves.set(id, kept.reduce((a, b) => a + b, 0) / kept.length);
    }
    return treeScore(treeOf.get(categoryId) ?? [], leaves);
  };

  const scoreRows = await q<{ unit_id: string; channel: string; indicator_id: string; score: string }>(
    sql`SELECT unit_id, channel, indicator_id, score::text FROM indicator_score WHERE cycle_id = ${cycleId}`,
  );
  const institutional = (unitId: string, categoryId: string, channel: string) => {
    const per = new Map<string, number[]>();
    for (const s of scoreRows) {
      const node = nodeById.get(s.indicator_id);
      if (s.unit_id !== unitId || s.channel !== channel || !node) continue;
      per.set(s.indicator_id, [...(per.get(s.indicator_id) ?? []), to100(node, Number(s.score))]);
    }
    if (per.size === 0) return null;
    return treeScore(
      treeOf.get(categoryId) ?? [],
      new Map([...per].map(([id, v]) => [id, v.reduce((a, b) => a + b, 0) / v.length])),
    );
  };

  const findings = await q<{ unit_id: string; n: number; points: string; cap: string }>(
    sql`SELECT f.unit_id, count(*)::int AS n, r.points_per_finding::text AS points, r.cap::text AS cap
        FROM discipline_finding f JOIN deduction_rule r ON r.cycle_id = f.cycle_id AND r.finding_type = f.finding_type
        WHERE f.cycle_id = ${cycleId} AND f.withdrawn_at IS NULL GROUP BY f.unit_id, f.finding_type, r.points_per_finding, r.cap`,
  );
  const petitions = await q<{ unit_id: string; verified: number }>(
    sql`SELECT unit_id, sum(verified_complaint_count)::int AS verified FROM petition_opinion WHERE cycle_id = ${cycleId} GROUP BY 1`,
  );
  const spots = await q<{ unit_id: string; mean: string }>(
    sql`SELECT unit_id, avg(score)::text AS mean FROM spot_check_result WHERE cycle_id = ${cycleId} GROUP BY 1`,
  );

  return units.map((u) => {
    const c = citizen(u.id);
    const channels: Record<string, number | null> = {
      citizen: c.score !== null && c.n >= policy.minCitizenSample ? c.score : null,
      representative: panel(u.id, u.category_id, 'representative'),
      special_supervisor: panel(u.id, u.category_id, 'special_supervisor'),
      superior: institutional(u.id, u.category_id, 'superior'),
      third_party: institutional(u.id, u.category_id, 'third_party'),
      self: institutional(u.id, u.category_id, 'self'),
      peer: institutional(u.id, u.category_id, 'peer'),
    };
    const w = (ch: string) =>
      Number(weights.find((x) => x.category_id === u.category_id && x.channel === ch)?.weight ?? 0);
    const blocked =
      policy.insufficientSample === 'insufficient' &&
      w('citizen') > 0 &&
      c.score !== null &&
      c.n < policy.minCitizenSample;
    let num = 0;
    let den = 0;
    for (const [ch, s] of Object.entries(channels)) {
      if (s === null || w(ch) === 0) continue;
      num += w(ch) * s;
      den += w(ch);
    }
    if (blocked || den === 0) return { unitId: u.id, composite: null, channels };
    const yearEnd = num / den;

    const rule = policy.petitionRule;
    const verified = petitions.find((p) => p.unit_id === u.id)?.verified ?? 0;
    const visits = visitsOf.get(u.id) ?? 0;
    const rate = rule.basis === 'per_10k_visits' && visits > 0 ? (verified * 10_000) / visits : verified;
    const petitionPoints = rule.mode === 'off' ? 0 : Math.min(rate * rule.pointsPer, rule.cap);
    const spot = spots.find((s) => s.unit_id === u.id);
    const spotShare = spot ? policy.spotCheckShare : 0;
    const petitionShare = rule.mode === 'indicator' ? rule.share : 0;
    const base =
      (1 - spotShare - petitionShare) * yearEnd +
      spotShare * Number(spot?.mean ?? 0) +
      petitionShare * (100 - petitionPoints);
    let deducted = findings
      .filter((f) => f.unit_id === u.id)
      .reduce((a, f) => a + Math.min(f.n * Number(f.points), Number(f.cap)), 0);
    if (rule.mode === 'deduction') deducted += petitionPoints;
    if (policy.deductionCap !== null) deducted = Math.min(deducted, policy.deductionCap);
    return { unitId: u.id, composite: Math.max(0, Math.min(100, base - deducted)), channels };
  });
}
