// Reads for the live standings: the running tallies (kept by triggers on citizen_rating, see
// migration 20261122000000) and the units they belong to. Never scans citizen_rating itself.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function citizenTallies(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('citizen_rating_tally')
    .select(['unit_id', 'service_point_id', 'verified', 'overall', 'n'])
    .where('cycle_id', '=', cycleId)
    .where('n', '>', 0)
    .execute();
}

export async function unitsForStandings(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('unit as u')
    .innerJoin('unit_category as c', 'c.id', 'u.category_id')
    .select(['u.id', 'u.name', 'u.category_id', 'c.name as category_name'])
    .where('u.organiser_id', '=', organiserId)
    .where('u.retired_at', 'is', null)
    .orderBy('c.name')
    .orderBy('u.name')
    .execute();
}
