// 模范机关 titles and their periodic re-review (复查): keep, or delist (摘牌) with a reason.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function listModelTitles(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('model_title as t')
    .innerJoin('unit as u', 'u.id', 't.unit_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('re_review')
          .distinctOn('model_title_id')
          .select(['model_title_id', 'decision', 'reason', 'decided_at'])
          .orderBy('model_title_id')
          .orderBy('decided_at', 'desc')
          .as('last'),
      (join) => join.onRef('last.model_title_id', '=', 't.id'),
    )
    .select([
      't.id',
      't.unit_id',
      'u.name as unit_name',
      't.awarded_year',
      't.delisted_on',
      'last.decision',
      'last.reason',
      'last.decided_at',
    ])
    .where('u.organiser_id', '=', organiserId)
    .orderBy('t.awarded_year', 'desc')
    .orderBy('u.name')
    .execute();
}

export async function findModelTitle(db: Kysely<DB>, organiserId: string, id: string) {
  return db
    .selectFrom('model_title as t')
    .innerJoin('unit as u', 'u.id', 't.unit_id')
    .select(['t.id', 't.unit_id', 't.delisted_on'])
    .where('t.id', '=', id)
    .where('u.organiser_id', '=', organiserId)
    .executeTakeFirst();
}

export async function insertModelTitle(trx: Kysely<DB>, t: { unitId: string; awardedYear: number }) {
  return trx
    .insertInto('model_title')
    .values({ unit_id: t.unitId, awarded_year: t.awardedYear })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertReReview(
  trx: Kysely<DB>,
  r: {
    modelTitleId: string;
    cycleId: string;
    decision: 'keep' | 'delist';
    reason: string;
    decidedBy: string;
    now: Date;
    today: string;
  },
) {
  await trx
    .insertInto('re_review')
    .values({
      model_title_id: r.modelTitleId,
      cycle_id: r.cycleId,
      decision: r.decision,
      reason: r.reason,
      decided_by: r.decidedBy,
      decided_at: r.now,
    })
    .execute();
  if (r.decision === 'delist')
    await trx
      .updateTable('model_title')
      .set({ delisted_on: r.today })
      .where('id', '=', r.modelTitleId)
      .execute();
}
