// Held (quarantined) ratings one at a time, as the organiser reviews them in a paged list, and
// one decision for many of them: the ticked ones, or every one matching a filter.
import { servedPage } from '@kaimen/contracts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface HeldFilter {
  organiserId: string;
  /** Held for this reason (a rating may be held for several, stored comma-separated). */
  reason?: string | undefined;
  unitId?: string | undefined;
}

function heldMatching(db: Kysely<DB>, f: HeldFilter) {
  let query = db
    .selectFrom('citizen_rating as r')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .where('u.organiser_id', '=', f.organiserId)
    .where('r.quarantine_state', '=', 'quarantined');
  if (f.unitId) query = query.where('r.unit_id', '=', f.unitId);
  if (f.reason)
    query = query.where(sql<boolean>`${f.reason} = ANY(string_to_array(r.quarantine_reason, ','))`);
  return query;
}

/** One page of held ratings, newest first, with how many match and the newest one's id. */
export async function listHeldRatings(db: Kysely<DB>, f: HeldFilter & { page: number; pageSize: number }) {
  const base = heldMatching(db, f);
  const head = await base
    .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`max(r.id)::text`.as('as_of_id')])
    .executeTakeFirstOrThrow();
  const total = Number(head.n);
  const page = servedPage(f.page, total, f.pageSize);
  const rows = await base
    .innerJoin('service_point as sp', 'sp.id', 'r.service_point_id')
    .select([
      'r.id',
      'r.created_at',
      'r.overall',
      'r.comment',
      'r.quarantine_reason',
      'r.unit_id',
      'u.name as unit_name',
      'sp.name as service_point_name',
    ])
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .offset((page - 1) * f.pageSize)
    .limit(f.pageSize)
    .execute();
  return { rows, total, page, asOfId: head.as_of_id };
}

/**
 * Releases or rejects held ratings and writes one audit entry per rating (before and after),
 * in one statement: however many an "all matching" decision covers, no rating passes through
 * Node, and the rating tallies' statement triggers fire once. Returns how many were decided.
 */
export async function decideHeldRatings(
  trx: Kysely<DB>,
  opts: {
    target: { ratingIds: string[] } | (HeldFilter & { asOfId: string });
    organiserId: string;
    decision: 'released' | 'rejected';
    reason: string;
    audit: { actorId: string; action: string; requestId: string };
  },
): Promise<number> {
  const { target } = opts;
  const which =
    'ratingIds' in target
      ? sql`r.id = ANY(${target.ratingIds}::bigint[])`
      : sql.join(
          [
            sql`r.id <= ${target.asOfId}::bigint`,
            ...(target.unitId ? [sql`r.unit_id = ${target.unitId}`] : []),
            ...(target.reason
              ? [sql`${target.reason} = ANY(string_to_array(r.quarantine_reason, ','))`]
              : []),
          ],
          sql` AND `,
        );
  const { rows } = await sql<{ n: number }>`
    WITH decided AS (
      UPDATE citizen_rating r SET quarantine_state = ${opts.decision}
      FROM unit u
      WHERE u.id = r.unit_id AND u.organiser_id = ${opts.organiserId}
        AND r.quarantine_state = 'quarantined' AND ${which}
      RETURNING r.id, r.quarantine_reason
    ), audited AS (
      INSERT INTO audit_log (actor_kind, actor_id, organiser_id, action, entity, entity_id, before, after, request_id)
      SELECT 'staff', ${opts.audit.actorId}::uuid, ${opts.organiserId}::uuid, ${opts.audit.action}::text,
        'citizen_rating', d.id::text,
        jsonb_build_object('quarantine_state', 'quarantined', 'reason', d.quarantine_reason),
        jsonb_build_object('quarantine_state', ${opts.decision}::text, 'reason', ${opts.reason}::text),
        ${opts.audit.requestId}::text
      FROM decided d ORDER BY d.id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM audited`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}
