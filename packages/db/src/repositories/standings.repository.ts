// Reads of the running tallies (kept by triggers on citizen_rating, see migration
// 20261122000000) and the units they belong to. Never scans citizen_rating itself.
import { type Kysely, sql } from 'kysely';
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
/**
 * Row versions of the cycle's tallies: each row's xmin, the transaction that last wrote it. Every
 * update of a row writes a new version with its writer's transaction id, so a changed xmin means
 * a changed row; a dashboard reads these short rows and fetches in full only the rows that moved.
 */
export async function citizenTallyVersions(db: Kysely<DB>, cycleId: string) {
  const { rows } = await sql<{ service_point_id: string; version: string }>`
    SELECT service_point_id, xmin::text AS version FROM citizen_rating_tally WHERE cycle_id = ${cycleId}`.execute(
    db,
  );
  return rows;
}

/**
 * The tallies as one entry per service point (counts per level, verified and not) with each row's
 * version; all of the cycle's, or only the given service points'. Written out rather than built
 * from key strings: a dashboard may read thousands of rows per request.
 */
export async function citizenTalliesByServicePoint(
  db: Kysely<DB>,
  cycleId: string,
  servicePointIds?: string[],
) {
  let query = db
    .selectFrom('citizen_rating_tally')
    .selectAll()
    .select(sql<string>`xmin::text`.as('version'))
    .where('cycle_id', '=', cycleId);
  if (servicePointIds) {
    if (servicePointIds.length === 0) return [];
    query = query.where('service_point_id', 'in', servicePointIds);
  }
  return (await query.execute()).map((r) => ({
    unit_id: r.unit_id,
    service_point_id: r.service_point_id,
    version: r.version,
    verified: [r.verified_1, r.verified_2, r.verified_3, r.verified_4, r.verified_5],
    unverified: [r.unverified_1, r.unverified_2, r.unverified_3, r.unverified_4, r.unverified_5],
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
