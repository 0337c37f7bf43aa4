// The organiser's working-day calendar: official holidays and make-up working days.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function listCalendarDays(db: Kysely<DB>, organiserId: string, year: number) {
  return db
    .selectFrom('calendar_day')
    .select(['day', 'kind', 'name'])
    .where('organiser_id', '=', organiserId)
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
}

export async function findCalendarDay(db: Kysely<DB>, organiserId: string, day: string) {
  return db
    .selectFrom('calendar_day')
    .select(['day', 'kind', 'name'])
    .where('organiser_id', '=', organiserId)
    .where('day', '=', day)
    .executeTakeFirst();
}

export async function upsertCalendarDay(
  trx: Kysely<DB>,
  organiserId: string,
  d: { day: string; kind: string; name: string | null },
) {
  await trx
    .insertInto('calendar_day')
    .values({ organiser_id: organiserId, day: d.day, kind: d.kind, name: d.name })
    .onConflict((oc) => oc.columns(['organiser_id', 'day']).doUpdateSet({ kind: d.kind, name: d.name }))
    .execute();
}

export async function deleteCalendarDay(trx: Kysely<DB>, organiserId: string, day: string) {
  return trx
    .deleteFrom('calendar_day')
    .where('organiser_id', '=', organiserId)
    .where('day', '=', day)
    .returning('day')
    .executeTakeFirst();
}
