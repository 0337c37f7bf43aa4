// Turns the SQL aggregates of a cycle into the scoring engine's inputs, and hashes them so a
// revision records exactly what it was computed from.
import { createHash } from 'node:crypto';
import { scoringPolicyOf } from '@kaimen/contracts';
import type { DB } from '@kaimen/db';
import {
  citizenAspectCounts,
  citizenTallies,
  findingCounts,
  indicatorScores,
  loadScoringStructure,
  panelBallots,
  panelParticipation,
  petitionCounts,
  ratingAspectCodes,
  servicePointVolumes,
  spotCheckScores,
} from '@kaimen/db';
import type {
  CycleInputs,
  InstitutionalChannel,
  PanelBallot,
  PanelChannel,
  ServicePointRatings,
  SourceScores,
} from '@kaimen/domain';
import type { Kysely } from 'kysely';

type Counts = [number, number, number, number, number];
const zeros = (): Counts => [0, 0, 0, 0, 0];

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

function group<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/** Level counts per unit → service point, in the shape the citizen score takes. */
export function groupCitizenCounts(
  rows: readonly {
    unit_id: string;
    service_point_id: string;
    verified: boolean;
    overall: number;
    n: number;
  }[],
): Map<string, Map<string, ServicePointRatings>> {
  const citizen = new Map<string, Map<string, ServicePointRatings>>();
  for (const r of rows) {
    const sp = group(
      group(citizen, r.unit_id, () => new Map()),
      r.service_point_id,
      () => ({ servicePointId: r.service_point_id, verified: zeros(), unverified: zeros() }),
    );
    (r.verified ? sp.verified : sp.unverified)[r.overall - 1] += r.n;
  }
  return citizen;
}

export async function gatherCycleInputs(
  db: Kysely<DB>,
  cycle: { id: string; organiser_id: string; policy: unknown; starts_on: string; ends_on: string },
): Promise<{
  inputs: CycleInputs;
  inputsHash: string;
  unitNames: Map<string, string>;
  indicatorNames: Map<string, string>;
}> {
  const aspectCodes = await ratingAspectCodes(db, cycle.id);
  const [
    structure,
    levels,
    aspectCounts,
    volumes,
    ballots,
    participation,
    scores,
    findings,
    spots,
    petitions,
  ] = await Promise.all([
    loadScoringStructure(db, cycle),
    citizenTallies(db, cycle.id),
    citizenAspectCounts(db, cycle.id),
    servicePointVolumes(db, cycle),
    panelBallots(db, cycle.id),
    panelParticipation(db, cycle.id),
    indicatorScores(db, cycle.id),
    findingCounts(db, cycle.id),
    spotCheckScores(db, cycle.id),
    petitionCounts(db, cycle.id),
  ]);
  const policy = scoringPolicyOf(cycle.policy);

  const citizen = groupCitizenCounts(levels);
  // Every rated unit gets every configured aspect, in the cycle's order (zeros where unanswered);
  // answers to codes the cycle does not ask are ignored.
  const aspectMap = new Map<string, Map<string, number[]>>();
  for (const unit of citizen.keys()) aspectMap.set(unit, new Map(aspectCodes.map((code) => [code, zeros()])));
  for (const a of aspectCounts) {
    const counts = aspectMap.get(a.unit_id)?.get(a.aspect_code);
    if (counts) counts[a.level - 1] = (counts[a.level - 1] ?? 0) + Number(a.n);
  }

  const ballotMap = new Map<
    string,
    {
      unit: string;
      channel: PanelChannel;
      ballot: { id: string; scores: Map<string, number>; validity: PanelBallot['validity'] };
    }
  >();
  for (const b of ballots) {
    const entry = group(ballotMap, b.id, () => ({
      unit: b.unit_id,
      channel: b.channel as PanelChannel,
      ballot: { id: b.id, scores: new Map(), validity: b.validity as PanelBallot['validity'] },
    }));
    entry.ballot.scores.set(b.indicator_id, b.score);
  }
  const panels = new Map<
    string,
    Map<PanelChannel, { ballots: PanelBallot[]; invited: number; submitted: number }>
  >();
  for (const p of participation) {
    group(panels, p.unit_id, () => new Map()).set(p.channel as PanelChannel, {
      ballots: [],
      invited: p.invited,
      submitted: p.submitted,
    });
  }
  for (const { unit, channel, ballot } of [...ballotMap.values()].sort(byKey((b) => b.ballot.id))) {
    group(
      group(panels, unit, () => new Map()),
      channel,
      () => ({ ballots: [], invited: 0, submitted: 0 }),
    ).ballots.push(ballot);
  }

  const institutional = new Map<string, Map<InstitutionalChannel, Map<string, SourceScores>>>();
  for (const s of scores) {
    const source = group(
      group(
        group(institutional, s.unit_id, () => new Map()),
        s.channel as InstitutionalChannel,
        () => new Map(),
      ),
      s.source_organisation_id,
      () => ({ sourceId: s.source_organisation_id, scores: new Map<string, number>() }),
    );
    (source.scores as Map<string, number>).set(s.indicator_id, s.score);
  }
  const findingMap = new Map<string, { type: string; count: number }[]>();
  for (const f of [...findings].sort(byKey((x) => x.finding_type)))
    group(findingMap, f.unit_id, () => []).push({ type: f.finding_type, count: f.n });
  const spotMap = new Map<string, number[]>();
  for (const s of [...spots].sort((a, b) => a.score - b.score))
    group(spotMap, s.unit_id, () => []).push(s.score);

  const weights = new Map<string, Record<string, number>>();
  for (const w of structure.weights)
    group(weights, w.category_id, (): Record<string, number> => ({}))[w.channel] = w.weight;
  const trees = new Map<
    string,
    { id: string; parentId: string | null; weight: number; scaleMin: number; scaleMax: number }[]
  >();
  for (const i of structure.indicators) {
    group(trees, i.category_id, () => []).push({
      id: i.id,
      parentId: i.parent_id,
      weight: i.weight,
      scaleMin: i.scale_min,
      scaleMax: i.scale_max,
    });
  }

  const unitVisits = new Map<string, number>();
  for (const v of volumes) unitVisits.set(v.unit_id, (unitVisits.get(v.unit_id) ?? 0) + Number(v.volume));

  const inputs: CycleInputs = {
    policy,
    units: structure.units.map((u) => ({ id: u.id, categoryId: u.category_id })),
    channelWeights: weights,
    trees,
    citizen: new Map(
      [...citizen].map(([unit, points]) => [unit, [...points.values()].sort(byKey((p) => p.servicePointId))]),
    ),
    volumes: new Map(volumes.map((v) => [v.service_point_id, Number(v.volume)])),
    aspects: aspectMap,
    panels,
    institutional: new Map(
      [...institutional].map(([unit, channels]) => [
        unit,
        new Map(
          [...channels].map(([c, sources]) => [c, [...sources.values()].sort(byKey((x) => x.sourceId))]),
        ),
      ]),
    ),
    findings: findingMap,
    deductionRules: new Map(
      structure.rules.map((r) => [
        r.finding_type,
        { points: r.points_per_finding, cap: r.cap, veto: r.is_veto },
      ]),
    ),
    spotChecks: spotMap,
    petitions: new Map(
      [...petitions]
        .sort(byKey((p) => p.unit_id))
        .map((p) => [p.unit_id, { complaints: p.complaints, verified: p.verified, opinions: p.opinions }]),
    ),
    unitVisits,
  };
  return {
    inputs,
    inputsHash: hashInputs(inputs),
    unitNames: new Map(structure.units.map((u) => [u.id, u.name])),
    indicatorNames: new Map(structure.indicators.map((i) => [i.id, i.name])),
  };
}

/** SHA-256 of the inputs in a canonical form: maps and object keys sorted, so row order never matters. */
export function hashInputs(inputs: CycleInputs): string {
  const canonical = (value: unknown): unknown => {
    if (value instanceof Map)
      return [...value]
        .map(([k, v]) => [k, canonical(v)])
        .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    // Arrays keep their order (levelPoints is positional); gather builds them in a fixed order.
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => [k, canonical(v)]),
      );
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(inputs)))
    .digest('hex');
}
