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
