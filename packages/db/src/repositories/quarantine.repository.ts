// The quarantine as the organiser reviews it: held ratings grouped into batches (one window,
// one China day, one set of reasons), decided a batch at a time, and the windows whose share of
// held ratings jumped (an attack shows there first).
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

const chinaDay = sql<string>`to_char((r.created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`;

export async function listQuarantineBatches(db: Kysely<DB>, organiserId: string, limit: number) {
  const rows = await db
    .selectFrom('citizen_rating as r')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .innerJoin('service_point as sp', 'sp.id', 'r.service_point_id')
    .select([
      'r.service_point_id',
      'sp.name as service_point_name',
      'u.name as unit_name',
      'sp.rating_paused_at',
      chinaDay.as('day'),
      'r.quarantine_reason',
      sql<number>`count(*)::int`.as('n'),
      sql<Date>`min(r.created_at)`.as('first_at'),
      sql<Date>`max(r.created_at)`.as('last_at'),
      sql<number>`round(avg(r.overall), 2)::float8`.as('mean_overall'),
      sql<
        string[]
      >`(array_agg(r.comment ORDER BY r.created_at) FILTER (WHERE r.comment IS NOT NULL))[1:3]`.as(
        'comments',
      ),
    ])
    .where('u.organiser_id', '=', organiserId)
    .where('r.quarantine_state', '=', 'quarantined')
    .groupBy([
      'r.service_point_id',
      'sp.name',
      'u.name',
      'sp.rating_paused_at',
      sql`5`,
      'r.quarantine_reason',
    ])
    .orderBy(sql`max(r.created_at)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n), comments: r.comments ?? [] }));
}

/** Releases or rejects every held rating of one batch; the ids decided. */
export async function decideQuarantineBatch(
  trx: Kysely<DB>,
  opts: {
    organiserId: string;
    servicePointId: string;
    day: string;
    reason: string;
    decision: 'released' | 'rejected';
  },
): Promise<number[]> {
  const rows = await trx
    .updateTable('citizen_rating as r')
    .set({ quarantine_state: opts.decision })
    .where('r.service_point_id', '=', opts.servicePointId)
    .where('r.quarantine_state', '=', 'quarantined')
    .where('r.quarantine_reason', '=', opts.reason)
    .where(chinaDay, '=', opts.day)
    .where('r.unit_id', 'in', (eb) =>
      eb.selectFrom('unit').select('unit.id').where('unit.organiser_id', '=', opts.organiserId),
    )
    .returning('r.id')
    .execute();
  return rows.map((r) => Number(r.id));
}

export interface WindowHoldRow {
  service_point_id: string;
  service_point_name: string;
  unit_name: string;
  rating_paused_at: Date | null;
  recent_total: number;
  recent_held: number;
  recent_rejected: number;
  base_total: number;
  base_held: number;
}

/** Per window of the organiser: ratings and held ratings since `recentFrom` and in [baseFrom, recentFrom). */
export async function windowHoldRates(
  db: Kysely<DB>,
  opts: { organiserId: string; baseFrom: Date; recentFrom: Date },
): Promise<WindowHoldRow[]> {
  const recent = sql<boolean>`r.created_at >= ${opts.recentFrom}`;
  const held = sql<boolean>`r.quarantine_state <> 'none'`;
  const rows = await db
    .selectFrom('citizen_rating as r')
    .innerJoin('service_point as sp', 'sp.id', 'r.service_point_id')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .select([
      'r.service_point_id',
      'sp.name as service_point_name',
      'u.name as unit_name',
      'sp.rating_paused_at',
      sql<number>`count(*) FILTER (WHERE ${recent})::int`.as('recent_total'),
      sql<number>`count(*) FILTER (WHERE ${recent} AND ${held})::int`.as('recent_held'),
      sql<number>`count(*) FILTER (WHERE ${recent} AND r.quarantine_state = 'rejected')::int`.as(
        'recent_rejected',
      ),
      sql<number>`count(*) FILTER (WHERE NOT ${recent})::int`.as('base_total'),
      sql<number>`count(*) FILTER (WHERE NOT ${recent} AND ${held})::int`.as('base_held'),
    ])
    .where('u.organiser_id', '=', opts.organiserId)
    .where('r.created_at', '>=', opts.baseFrom)
    .groupBy(['r.service_point_id', 'sp.name', 'u.name', 'sp.rating_paused_at'])
    .execute();
  return rows.map((r) => ({
    ...r,
    recent_total: Number(r.recent_total),
    recent_held: Number(r.recent_held),
    recent_rejected: Number(r.recent_rejected),
    base_total: Number(r.base_total),
    base_held: Number(r.base_held),
  }));
}

/** Held ratings since `from` per window and reason (a rating with two reasons counts under each). */
export async function heldReasonCounts(
  db: Kysely<DB>,
  opts: { organiserId: string; from: Date; servicePointIds: string[] },
) {
  if (opts.servicePointIds.length === 0) return [];
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('citizen_rating as r')
        .innerJoin('unit as u', 'u.id', 'r.unit_id')
        .select([
          'r.service_point_id',
          sql<string>`unnest(string_to_array(r.quarantine_reason, ','))`.as('reason'),
        ])
        .where('u.organiser_id', '=', opts.organiserId)
        .where('r.created_at', '>=', opts.from)
        .where('r.service_point_id', 'in', opts.servicePointIds)
        .where('r.quarantine_reason', 'is not', null)
        .as('h'),
    )
    .select(['h.service_point_id', 'h.reason', sql<number>`count(*)::int`.as('n')])
    .groupBy(['h.service_point_id', 'h.reason'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
