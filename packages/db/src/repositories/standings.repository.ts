// Reads of the running tallies (kept by triggers on citizen_rating, see migration
// 20261122000000) and the units they belong to. Never scans citizen_rating itself.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

const LEVELS = [1, 2, 3, 4, 5] as const;

async function tallyRows(db: Kysely<DB>, cycleId: string) {
  return db.selectFrom('citizen_rating_tally').selectAll().where('cycle_id', '=', cycleId).execute();
}

/** Counted ratings per unit, service point, verified flag and overall level (non-zero only). */
export async function citizenTallies(db: Kysely<DB>, cycleId: string) {
  return (await tallyRows(db, cycleId)).flatMap((r) =>
    [true, false].flatMap((verified) =>
      LEVELS.map((overall) => ({
        unit_id: r.unit_id,
        service_point_id: r.service_point_id,
        verified,
        overall,
        n: r[`${verified ? 'verified' : 'unverified'}_${overall}`],
      })).filter((x) => x.n > 0),
    ),
  );
}

/** The same tallies as one entry per service point: counts per level, verified and not. */
export async function citizenTalliesByServicePoint(db: Kysely<DB>, cycleId: string) {
  return (await tallyRows(db, cycleId)).map((r) => ({
    unit_id: r.unit_id,
    service_point_id: r.service_point_id,
    verified: LEVELS.map((l) => r[`verified_${l}`]),
    unverified: LEVELS.map((l) => r[`unverified_${l}`]),
  }));
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
