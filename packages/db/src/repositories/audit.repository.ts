// The append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE).
import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

export interface AuditEntry {
  actorKind: 'staff' | 'evaluator' | 'agency_key' | 'device' | 'system';
  actorId: string | null;
  organiserId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before?: JsonValue;
  after?: JsonValue;
  requestId?: string | null;
}

export async function appendAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: entry.actorKind,
      actor_id: entry.actorId,
      organiser_id: entry.organiserId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      request_id: entry.requestId ?? null,
    })
    .execute();
}

/**
 * An organiser's audit log, newest first, a page at a time (keyset on id, so paging stays fast
 * however long the log grows). The staff member's display name is joined for reading.
 */
export async function listAudit(
  db: Kysely<DB>,
  opts: {
    organiserId: string;
    before?: number | undefined;
    action?: string | undefined;
    entityId?: string | undefined;
    limit: number;
  },
) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('staff_user as s', (j) => j.onRef('s.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'staff'))
    .select([
      'a.id',
      'a.at',
      'a.actor_kind',
      's.display_name',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.before',
      'a.after',
    ])
    .where('a.organiser_id', '=', opts.organiserId);
  if (opts.before !== undefined) query = query.where('a.id', '<', opts.before);
  if (opts.action) query = query.where('a.action', 'like', `${opts.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (opts.entityId) query = query.where('a.entity_id', '=', opts.entityId);
  return query.orderBy('a.id', 'desc').limit(opts.limit).execute();
}
