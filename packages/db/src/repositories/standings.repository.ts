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
// Written out rather than built from key strings: the dashboard reads a few thousand rows per
// request, and the per-row temporaries were a measurable share of its latency.
export async function citizenTalliesByServicePoint(db: Kysely<DB>, cycleId: string) {
  return (await tallyRows(db, cycleId)).map((r) => ({
    unit_id: r.unit_id,
    service_point_id: r.service_point_id,
    verified: [r.verified_1, r.verified_2, r.verified_3, r.verified_4, r.verified_5],
    unverified: [r.unverified_1, r.unverified_2, r.unverified_3, r.unverified_4, r.unverified_5],
  }));
}

/**
 * A digest of the cycle's tallies, computed in the database (one row back instead of thousands):
 * equal digests mean identical tallies, so a dashboard may reuse standings computed from them.
 */
export async function citizenTallyDigest(db: Kysely<DB>, cycleId: string): Promise<string> {
  const { rows } = await sql<{ digest: string | null }>`
    SELECT md5(string_agg(concat_ws(',', service_point_id, unit_id,
                                    verified_1, verified_2, verified_3, verified_4, verified_5,
                                    unverified_1, unverified_2, unverified_3, unverified_4, unverified_5),
                          ';' ORDER BY service_point_id)) AS digest
    FROM citizen_rating_tally
    WHERE cycle_id = ${cycleId}`.execute(db);
  return rows[0]?.digest ?? 'empty';
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
