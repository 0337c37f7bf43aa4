// Outcome revisions: each computation is stored whole and never changed; publishing freezes
// one, a correction is a new revision with a reason.
import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

export async function nextRevisionNumber(trx: Kysely<DB>, cycleId: string): Promise<number> {
  const row = await trx
    .selectFrom('outcome_revision')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .where('cycle_id', '=', cycleId)
    .executeTakeFirst();
  return (row?.revision ?? 0) + 1;
}

export interface NewUnitOutcome {
  unitId: string;
  composite: number | null;
  grade: string | null;
  rank: number | null;
  rankLow: number | null;
  rankHigh: number | null;
  insufficient: boolean;
  negativeList: boolean;
  breakdown: JsonValue;
  flags: string[];
}

export async function insertRevision(
  trx: Kysely<DB>,
  r: {
    cycleId: string;
    revision: number;
    inputsHash: string;
    config: JsonValue;
    reason: string | null;
    computedBy: string;
    now: Date;
    units: NewUnitOutcome[];
  },
) {
  const revision = await trx
    .insertInto('outcome_revision')
    .values({
      cycle_id: r.cycleId,
      revision: r.revision,
      inputs_hash: r.inputsHash,
      config: r.config,
      reason: r.reason,
      computed_by: r.computedBy,
      computed_at: r.now,
    })
    .returning(['id', 'revision', 'state', 'computed_at'])
    .executeTakeFirstOrThrow();
  for (let i = 0; i < r.units.length; i += 500) {
    await trx
      .insertInto('unit_outcome')
      .values(
        r.units.slice(i, i + 500).map((u) => ({
          revision_id: revision.id,
          unit_id: u.unitId,
          composite: u.composite,
          grade: u.grade,
          rank: u.rank,
          rank_low: u.rankLow,
          rank_high: u.rankHigh,
          insufficient: u.insufficient,
          negative_list: u.negativeList,
          breakdown: u.breakdown,
          flags: u.flags,
        })),
      )
      .execute();
  }
  return revision;
}

export async function listRevisions(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('outcome_revision')
    .select(['id', 'revision', 'state', 'inputs_hash', 'reason', 'computed_at', 'published_at'])
    .where('cycle_id', '=', cycleId)
    .orderBy('revision', 'desc')
    .execute();
}

export async function findRevision(db: Kysely<DB>, organiserId: string, revisionId: string) {
  return db
    .selectFrom('outcome_revision as r')
    .innerJoin('cycle as c', 'c.id', 'r.cycle_id')
    .select([
      'r.id',
      'r.cycle_id',
      'r.revision',
      'r.state',
      'r.inputs_hash',
      'r.reason',
      'r.computed_at',
      'r.published_at',
      'c.name as cycle_name',
    ])
    .where('r.id', '=', revisionId)
    .where('c.organiser_id', '=', organiserId)
    .executeTakeFirst();
}

export async function revisionUnits(db: Kysely<DB>, revisionId: string, unitId?: string) {
  let query = db
    .selectFrom('unit_outcome as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .innerJoin('unit_category as c', 'c.id', 'u.category_id')
    .select([
      'o.unit_id',
      'u.name as unit_name',
      'u.code as unit_code',
      'c.id as category_id',
      'c.name as category_name',
      'o.composite',
      'o.grade',
      'o.rank',
      'o.rank_low',
      'o.rank_high',
      'o.insufficient',
      'o.negative_list',
      'o.flags',
      'o.breakdown',
    ])
    .where('o.revision_id', '=', revisionId)
    .orderBy('c.name')
    .orderBy('o.rank');
  if (unitId) query = query.where('o.unit_id', '=', unitId);
  return query.execute();
}

/** Publishes a revision: it becomes the cycle's result; an earlier published one is superseded. */
export async function publishRevision(
  trx: Kysely<DB>,
  revision: { id: string; cycle_id: string },
  now: Date,
) {
  await trx
    .updateTable('outcome_revision')
    .set({ state: 'superseded' })
    .where('cycle_id', '=', revision.cycle_id)
    .where('state', '=', 'published')
    .execute();
  await trx
    .updateTable('outcome_revision')
    .set({ state: 'published', published_at: now })
    .where('id', '=', revision.id)
    .execute();
  await trx.updateTable('cycle').set({ state: 'published' }).where('id', '=', revision.cycle_id).execute();
}

export async function listCycles(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('cycle')
    .select(['id', 'name', 'year', 'state'])
    .where('organiser_id', '=', organiserId)
    .orderBy('year', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function indicatorNames(db: Kysely<DB>, cycleId: string) {
  const rows = await db
    .selectFrom('indicator')
    .select(['id', 'name'])
    .where('cycle_id', '=', cycleId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

export async function deductionRuleNames(db: Kysely<DB>, cycleId: string) {
  const rows = await db
    .selectFrom('deduction_rule')
    .select(['finding_type', 'name'])
    .where('cycle_id', '=', cycleId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.finding_type, r.name]));
}
