// 整改清单: problems with measures, owner, deadline and evidence, closed out by the organiser.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface NewRectificationItem {
  cycleId: string;
  unitId: string;
  source: 'negative_list' | 'low_indicator' | 'finding' | 'manual';
  revisionId: string | null;
  problem: string;
  dueOn: string | null;
  now: Date;
}

export async function insertRectificationItems(trx: Kysely<DB>, items: NewRectificationItem[]) {
  if (items.length === 0) return [];
  return trx
    .insertInto('rectification_item')
    .values(
      items.map((i) => ({
        cycle_id: i.cycleId,
        unit_id: i.unitId,
        source: i.source,
        revision_id: i.revisionId,
        problem: i.problem,
        due_on: i.dueOn,
        created_at: i.now,
      })),
    )
    .returning('id')
    .execute();
}

export async function listRectificationItems(
  db: Kysely<DB>,
  scope: { organiserId: string; unitId?: string | null },
  opts: { status?: string; today: string },
) {
  let query = db
    .selectFrom('rectification_item as r')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.unit_id',
      'u.name as unit_name',
      'r.source',
      'r.problem',
      'r.owner',
      'r.due_on',
      'r.status',
      sql<boolean>`r.status <> 'closed' AND r.due_on IS NOT NULL AND r.due_on < ${opts.today}`.as('overdue'),
    ])
    .where('u.organiser_id', '=', scope.organiserId);
  if (scope.unitId) query = query.where('r.unit_id', '=', scope.unitId);
  if (opts.status) query = query.where('r.status', '=', opts.status);
  return query
    .orderBy(sql`(r.status <> 'closed' AND r.due_on IS NOT NULL AND r.due_on < ${opts.today})`, 'desc')
    .orderBy(sql`r.status = 'closed'`)
    .orderBy('r.due_on')
    .limit(500)
    .execute();
}

export async function getRectificationItem(
  db: Kysely<DB>,
  scope: { organiserId: string; unitId?: string | null },
  id: string,
) {
  let query = db
    .selectFrom('rectification_item as r')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.cycle_id',
      'r.unit_id',
      'u.name as unit_name',
      'r.source',
      'r.problem',
      'r.measures',
      'r.owner',
      'r.due_on',
      'r.evidence',
      'r.status',
      'r.created_at',
      'r.closed_at',
    ])
    .where('r.id', '=', id)
    .where('u.organiser_id', '=', scope.organiserId);
  if (scope.unitId) query = query.where('r.unit_id', '=', scope.unitId);
  return query.executeTakeFirst();
}

export async function updateRectificationItem(
  trx: Kysely<DB>,
  id: string,
  change: {
    measures?: string;
    owner?: string;
    evidence?: string;
    dueOn?: string;
    status?: string;
    closedAt?: Date | null;
    closedBy?: string | null;
  },
) {
  await trx
    .updateTable('rectification_item')
    .set({
      ...(change.measures === undefined ? {} : { measures: change.measures }),
      ...(change.owner === undefined ? {} : { owner: change.owner }),
      ...(change.evidence === undefined ? {} : { evidence: change.evidence }),
      ...(change.dueOn === undefined ? {} : { due_on: change.dueOn }),
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.closedAt === undefined
        ? {}
        : { closed_at: change.closedAt, closed_by: change.closedBy ?? null }),
    })
    .where('id', '=', id)
    .execute();
}
