// The append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE).
import { servedPage } from '@kaimen/contracts';
import { type Kysely, sql } from 'kysely';
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

export interface AuditFilter {
  organiserId: string;
  /** An action or its prefix ("cycle."). */
  action?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  /** China days, both included. */
  from?: string | undefined;
  to?: string | undefined;
}

const chinaMidnight = (day: string) => sql<Date>`(${day}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/**
 * One page of an organiser's audit log, newest first, and how many entries match. The staff
 * member's display name is joined for reading.
 */
export async function listAudit(db: Kysely<DB>, opts: AuditFilter & { page: number; pageSize: number }) {
  let base = db.selectFrom('audit_log as a').where('a.organiser_id', '=', opts.organiserId);
  if (opts.action) base = base.where('a.action', 'like', `${opts.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (opts.entityId) base = base.where('a.entity_id', '=', opts.entityId);
  if (opts.actorId) base = base.where('a.actor_id', '=', opts.actorId).where('a.actor_kind', '=', 'staff');
  if (opts.from) base = base.where('a.at', '>=', chinaMidnight(opts.from));
  if (opts.to) base = base.where('a.at', '<', sql<Date>`${chinaMidnight(opts.to)} + interval '1 day'`);
  const counted = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const page = servedPage(opts.page, total, opts.pageSize);
  const rows = await base
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
    .orderBy('a.id', 'desc')
    .offset((page - 1) * opts.pageSize)
    .limit(opts.pageSize)
    .execute();
  return { rows, total, page };
}

/** The staff who may act on an organiser's data (its own, its units', its offices'), by name. */
export async function listAuditActors(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('staff_user as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.display_name as name'])
    .where((eb) => eb.or([eb('o.id', '=', organiserId), eb('o.organiser_id', '=', organiserId)]))
    .orderBy('s.display_name')
    .execute();
}

/**
 * The names of the records these ids stand for, where they have one: units, categories, windows
 * (with their unit), cycles, organisations, staff, indicators, releases, revisions, and the unit
 * of a case, finding, opinion, rectification item or title. Ids of records with no name, or of
 * invitations and evaluators (never named: an anonymous panel stays anonymous), stay unresolved.
 */
export async function auditRecordNames(
  db: Kysely<DB>,
  organiserId: string,
  ids: { uuids: string[]; ratingIds: string[] },
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.uuids.length > 0) {
    const any = sql`ANY(${ids.uuids}::uuid[])`;
    const org = organiserId;
    const { rows } = await sql<{ id: string; name: string }>`
      SELECT u.id::text, u.name FROM unit u WHERE u.id = ${any} AND u.organiser_id = ${org}
      UNION ALL SELECT c.id::text, c.name FROM unit_category c WHERE c.id = ${any} AND c.organiser_id = ${org}
      UNION ALL SELECT sp.id::text, u.name || ' · ' || sp.name FROM service_point sp JOIN unit u ON u.id = sp.unit_id
        WHERE sp.id = ${any} AND u.organiser_id = ${org}
      UNION ALL SELECT cy.id::text, cy.name FROM cycle cy WHERE cy.id = ${any} AND cy.organiser_id = ${org}
      UNION ALL SELECT o.id::text, o.name FROM organisation o WHERE o.id = ${any}
      UNION ALL SELECT s.id::text, s.display_name FROM staff_user s WHERE s.id = ${any}
      UNION ALL SELECT i.id::text, i.name FROM indicator i JOIN cycle cy ON cy.id = i.cycle_id
        WHERE i.id = ${any} AND cy.organiser_id = ${org}
      UNION ALL SELECT d.id::text, d.name FROM dataset_release d WHERE d.id = ${any} AND d.organiser_id = ${org}
      UNION ALL SELECT r.id::text, cy.name || ' · 第 ' || r.revision || ' 版' FROM outcome_revision r
        JOIN cycle cy ON cy.id = r.cycle_id WHERE r.id = ${any} AND cy.organiser_id = ${org}
      UNION ALL SELECT dv.id::text, u.name || ' · ' || sp.name || ' · ' || dv.name FROM rating_device dv
        JOIN service_point sp ON sp.id = dv.service_point_id JOIN unit u ON u.id = sp.unit_id
        WHERE dv.id = ${any} AND u.organiser_id = ${org}
      UNION ALL SELECT x.id::text, u.name FROM (
          SELECT id, unit_id FROM negative_rating_case WHERE id = ${any}
          UNION ALL SELECT id, unit_id FROM discipline_finding WHERE id = ${any}
          UNION ALL SELECT id, unit_id FROM petition_opinion WHERE id = ${any}
          UNION ALL SELECT id, unit_id FROM rectification_item WHERE id = ${any}
          UNION ALL SELECT id, unit_id FROM model_title WHERE id = ${any}
        ) x JOIN unit u ON u.id = x.unit_id WHERE u.organiser_id = ${org}`.execute(db);
    for (const r of rows) names.set(r.id, r.name);
  }
  if (ids.ratingIds.length > 0) {
    const { rows } = await sql<{ id: string; name: string }>`
      SELECT r.id::text, u.name || ' · ' || sp.name AS name FROM citizen_rating r
      JOIN unit u ON u.id = r.unit_id JOIN service_point sp ON sp.id = r.service_point_id
      WHERE r.id = ANY(${ids.ratingIds}::bigint[]) AND u.organiser_id = ${organiserId}`.execute(db);
    for (const r of rows) names.set(`rating:${r.id}`, r.name);
  }
  return names;
}
