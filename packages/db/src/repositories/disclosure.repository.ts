// What an organiser discloses to the public: only published results, counts and shares. No
// comments, no personal data.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function findOrganiserByCode(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'name_en'])
    .where('code', '=', code)
    .where('kind', '=', 'organiser')
    .executeTakeFirst();
}

export async function latestPublication(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('outcome_revision as r')
    .innerJoin('cycle as c', 'c.id', 'r.cycle_id')
    .select(['r.id', 'r.revision', 'r.published_at', 'c.id as cycle_id', 'c.name as cycle_name', 'c.policy'])
    .where('c.organiser_id', '=', organiserId)
    .where('r.state', '=', 'published')
    .orderBy('c.year', 'desc')
    .orderBy('r.published_at', 'desc')
    .executeTakeFirst();
}

/** Per unit: ratings counted in scores and how many were satisfied (levels 4–5). */
export async function satisfactionCounts(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('citizen_rating')
    .select([
      'unit_id',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) FILTER (WHERE overall >= 4)::int`.as('satisfied'),
    ])
    .where('cycle_id', '=', cycleId)
    .where('quarantine_state', 'in', ['none', 'released'])
    .where('malicious', '=', false)
    .groupBy('unit_id')
    .execute();
}

export async function rectificationCounts(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('rectification_item')
    .select([
      'unit_id',
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) FILTER (WHERE status = 'closed')::int`.as('closed'),
    ])
    .where('cycle_id', '=', cycleId)
    .groupBy('unit_id')
    .execute();
}
