// A cycle's configuration: creation (and copying from an earlier cycle), phases, indicator
// trees, channel weights, policy and state. Writes run in the caller's transaction.
import { type Kysely, sql } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

export async function insertCycle(
  trx: Kysely<DB>,
  c: {
    organiserId: string;
    year: number;
    /** Names a second cycle of the same year apart; '' for the year's cycle. */
    variant: string;
    name: string;
    startsOn: string;
    endsOn: string;
    policy: JsonValue;
    previousCycleId: string | null;
  },
) {
  return trx
    .insertInto('cycle')
    .values({
      organiser_id: c.organiserId,
      year: c.year,
      variant: c.variant,
      name: c.name,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      policy: c.policy,
      previous_cycle_id: c.previousCycleId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The organiser's cycle of a year (under a variant name, '' for the plain one), if any. */
export async function findCycleOfYear(db: Kysely<DB>, organiserId: string, year: number, variant: string) {
  return db
    .selectFrom('cycle')
    .select(['id', 'name'])
    .where('organiser_id', '=', organiserId)
    .where('year', '=', year)
    .where('variant', '=', variant)
    .executeTakeFirst();
}

export async function insertRatingAspects(
  trx: Kysely<DB>,
  cycleId: string,
  aspects: readonly { code: string; name: string; nameEn: string }[],
) {
  if (aspects.length === 0) return;
  await trx
    .insertInto('rating_aspect')
    .values(
      aspects.map((a, i) => ({
        cycle_id: cycleId,
        code: a.code,
        name: a.name,
        name_en: a.nameEn,
        position: i,
      })),
    )
    .execute();
}

/**
 * Copies a cycle's configuration into a new one: rating aspects, channel weights, deduction
 * rules and the indicator trees without retired indicators (淘汰 means "not in later cycles").
 * Parents are copied before children so every parent_id can be remapped in one statement.
 */
export async function copyCycleConfiguration(trx: Kysely<DB>, fromCycleId: string, toCycleId: string) {
  await sql`INSERT INTO rating_aspect (cycle_id, code, name, name_en, position)
    SELECT ${toCycleId}, code, name, name_en, position FROM rating_aspect WHERE cycle_id = ${fromCycleId}`.execute(
    trx,
  );
  await sql`INSERT INTO channel_weight (cycle_id, category_id, channel, weight)
    SELECT ${toCycleId}, category_id, channel, weight FROM channel_weight WHERE cycle_id = ${fromCycleId}`.execute(
    trx,
  );
  await sql`INSERT INTO deduction_rule (cycle_id, finding_type, name, name_en, points_per_finding, cap, is_veto)
    SELECT ${toCycleId}, finding_type, name, name_en, points_per_finding, cap, is_veto
    FROM deduction_rule WHERE cycle_id = ${fromCycleId}`.execute(trx);
  // A live indicator under a retired parent is left out with its parent.
  await sql`
    WITH RECURSIVE live AS (
      SELECT id, parent_id, 0 AS depth FROM indicator
      WHERE cycle_id = ${fromCycleId} AND parent_id IS NULL AND NOT retired
      UNION ALL
      SELECT i.id, i.parent_id, live.depth + 1 FROM indicator i JOIN live ON i.parent_id = live.id
      WHERE NOT i.retired
    ), mapping AS (
      SELECT id AS old_id, gen_random_uuid() AS new_id FROM live
    )
    INSERT INTO indicator (id, cycle_id, category_id, parent_id, code, name, name_en, description, weight, kind, scale_min, scale_max, position)
    SELECT m.new_id, ${toCycleId}, i.category_id, pm.new_id, i.code, i.name, i.name_en, i.description, i.weight, i.kind, i.scale_min, i.scale_max, i.position
    FROM live l
    JOIN indicator i ON i.id = l.id
    JOIN mapping m ON m.old_id = i.id
    LEFT JOIN mapping pm ON pm.old_id = i.parent_id
    ORDER BY l.depth`.execute(trx);
}

export async function cycleConfiguration(db: Kysely<DB>, cycleId: string) {
  const [phases, indicators, weights] = await Promise.all([
    db
      .selectFrom('cycle_phase')
      .select(['kind', 'name', 'starts_on', 'ends_on'])
      .where('cycle_id', '=', cycleId)
      .orderBy('starts_on')
      .execute(),
    db
      .selectFrom('indicator')
      .select([
        'id',
        'category_id',
        'parent_id',
        'code',
        'name',
        'weight',
        'kind',
        'scale_min',
        'scale_max',
        'position',
        'retired',
      ])
      .where('cycle_id', '=', cycleId)
      .orderBy('position')
      .orderBy('code')
      .execute(),
    db
      .selectFrom('channel_weight')
      .select(['category_id', 'channel', 'weight'])
      .where('cycle_id', '=', cycleId)
      .execute(),
  ]);
  return { phases, indicators, weights };
}

export async function replacePhases(
  trx: Kysely<DB>,
  cycleId: string,
  phases: readonly { kind: string; name: string; startsOn: string; endsOn: string }[],
) {
  await trx
    .deleteFrom('cycle_phase')
    .where('cycle_id', '=', cycleId)
    .where('id', 'not in', (eb) =>
      // Spot-check results may point at a phase; those phases stay.
      eb
        .selectFrom('spot_check_result')
        .select('phase_id')
        .where('phase_id', 'is not', null)
        .$narrowType<{ phase_id: string }>(),
    )
    .execute();
  if (phases.length === 0) return;
  await trx
    .insertInto('cycle_phase')
    .values(
      phases.map((p) => ({
        cycle_id: cycleId,
        kind: p.kind,
        name: p.name,
        starts_on: p.startsOn,
        ends_on: p.endsOn,
      })),
    )
    .execute();
}

export async function insertIndicator(
  trx: Kysely<DB>,
  i: {
    cycleId: string;
    categoryId: string;
    parentId: string | null;
    code: string;
    name: string;
    nameEn?: string | undefined;
    weight: number;
    kind: string;
    scaleMin: number;
    scaleMax: number;
  },
) {
  const last = await trx
    .selectFrom('indicator')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('cycle_id', '=', i.cycleId)
    .where('category_id', '=', i.categoryId)
    .executeTakeFirst();
  return trx
    .insertInto('indicator')
    .values({
      cycle_id: i.cycleId,
      category_id: i.categoryId,
      parent_id: i.parentId,
      code: i.code,
      name: i.name,
      name_en: i.nameEn ?? null,
      weight: i.weight,
      kind: i.kind,
      scale_min: i.scaleMin,
      scale_max: i.scaleMax,
      position: Number(last?.p ?? -1) + 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findIndicator(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('indicator as i')
    .innerJoin('cycle as c', 'c.id', 'i.cycle_id')
    .select([
      'i.id',
      'i.cycle_id',
      'i.category_id',
      'i.parent_id',
      'i.name',
      'i.weight',
      'c.organiser_id',
      'c.state',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** The indicators under the same parent in the same tree, in display order. */
export async function siblingIndicators(
  db: Kysely<DB>,
  i: { cycle_id: string; category_id: string; parent_id: string | null },
) {
  let q = db
    .selectFrom('indicator')
    .select(['id', 'position'])
    .where('cycle_id', '=', i.cycle_id)
    .where('category_id', '=', i.category_id)
    .orderBy('position')
    .orderBy('code');
  q = i.parent_id === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', i.parent_id);
  return q.execute();
}

export async function updateIndicator(
  trx: Kysely<DB>,
  id: string,
  set: { name?: string; weight?: number; kind?: string; position?: number; retired?: boolean },
) {
  await trx.updateTable('indicator').set(set).where('id', '=', id).execute();
}

export async function indicatorsOfCycle(db: Kysely<DB>, cycleId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('indicator')
    .select(['id', 'weight'])
    .where('cycle_id', '=', cycleId)
    .where('id', 'in', ids)
    .execute();
}

export async function replaceChannelWeights(
  trx: Kysely<DB>,
  cycleId: string,
  categoryId: string,
  weights: readonly { channel: string; weight: number }[],
) {
  await trx
    .deleteFrom('channel_weight')
    .where('cycle_id', '=', cycleId)
    .where('category_id', '=', categoryId)
    .execute();
  if (weights.length === 0) return;
  await trx
    .insertInto('channel_weight')
    .values(
      weights.map((w) => ({
        cycle_id: cycleId,
        category_id: categoryId,
        channel: w.channel,
        weight: w.weight,
      })),
    )
    .execute();
}

export async function setCyclePolicy(trx: Kysely<DB>, cycleId: string, policy: JsonValue) {
  await trx.updateTable('cycle').set({ policy }).where('id', '=', cycleId).execute();
}

/** Moves a cycle from one state to another; false when it was no longer in `from`. */
export async function moveCycleState(trx: Kysely<DB>, cycleId: string, from: string, to: string) {
  const r = await trx
    .updateTable('cycle')
    .set({ state: to })
    .where('id', '=', cycleId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A cycle's phases as they stand, for the audit log's `before` of a replacement. */
export async function phasesForAudit(db: Kysely<DB>, cycleId: string) {
  const rows = await db
    .selectFrom('cycle_phase')
    .select(['kind', 'name', 'starts_on', 'ends_on'])
    .where('cycle_id', '=', cycleId)
    .orderBy('starts_on')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on }));
}

/** A category's channel weights in a cycle as they stand, for the audit log's `before`. */
export async function channelWeightsForAudit(db: Kysely<DB>, cycleId: string, categoryId: string) {
  const rows = await db
    .selectFrom('channel_weight')
    .select(['channel', 'weight'])
    .where('cycle_id', '=', cycleId)
    .where('category_id', '=', categoryId)
    .orderBy('channel')
    .execute();
  return { categoryId, weights: rows.map((r) => ({ channel: r.channel, weight: Number(r.weight) })) };
}
