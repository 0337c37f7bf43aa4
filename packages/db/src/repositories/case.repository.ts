// Negative-rating cases (差评整改): the unit's queue, one case with its rating, and its steps.
import { servedPage } from '@kaimen/contracts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface CaseScope {
  organiserId: string;
  /** Only this unit's cases (unit liaisons). */
  unitId?: string | null;
}

export interface CaseListFilter {
  state?: string | undefined;
  unitId?: string | undefined;
  /** true: only overdue (open past its deadline); false: only the others. */
  overdue?: boolean | undefined;
}

/** One page of cases and how many match in all; `today` (China day) decides what is overdue. */
export async function listCases(
  db: Kysely<DB>,
  scope: CaseScope,
  opts: CaseListFilter & {
    today: string;
    sort: 'deadline' | 'created';
    page: number;
    pageSize: number;
  },
) {
  const overdue = sql<boolean>`(c.state <> 'closed' AND c.due_on < ${opts.today})`;
  let base = db
    .selectFrom('negative_rating_case as c')
    .innerJoin('unit as u', 'u.id', 'c.unit_id')
    .where('u.organiser_id', '=', scope.organiserId);
  if (scope.unitId) base = base.where('c.unit_id', '=', scope.unitId);
  if (opts.unitId) base = base.where('c.unit_id', '=', opts.unitId);
  if (opts.state) base = base.where('c.state', '=', opts.state);
  if (opts.overdue !== undefined) base = base.where(opts.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
  const counted = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const served = servedPage(opts.page, total, opts.pageSize);
  let page = base
    .innerJoin('citizen_rating as r', 'r.id', 'c.rating_id')
    .innerJoin('service_point as sp', 'sp.id', 'r.service_point_id')
    .select([
      'c.id',
      'c.state',
      'c.opened_at',
      'c.due_on',
      'c.unit_id',
      'u.name as unit_name',
      'sp.name as service_point_name',
      'r.overall',
      'r.comment',
      overdue.as('overdue'),
    ]);
  page =
    opts.sort === 'created'
      ? page.orderBy('c.opened_at', 'desc')
      : // Overdue first, then open ones by the nearest deadline, closed ones last.
        page.orderBy(overdue, 'desc').orderBy(sql`c.state = 'closed'`).orderBy('c.due_on');
  // The id breaks ties, so a case is never on two pages or on none.
  const rows = await page
    .orderBy('c.id')
    .offset((served - 1) * opts.pageSize)
    .limit(opts.pageSize)
    .execute();
  return { rows, total, page: served };
}

export async function getCase(db: Kysely<DB>, scope: CaseScope, caseId: string) {
  let query = db
    .selectFrom('negative_rating_case as c')
    .innerJoin('citizen_rating as r', 'r.id', 'c.rating_id')
    .innerJoin('unit as u', 'u.id', 'c.unit_id')
    .innerJoin('service_point as sp', 'sp.id', 'r.service_point_id')
    .leftJoin('callback_contact as cc', 'cc.rating_id', 'r.id')
    .select([
      'c.id',
      'c.state',
      'c.opened_at',
      'c.due_on',
      'c.verification',
      'c.reply',
      'c.callback_at',
      'c.callback_note',
      'c.closed_at',
      'c.unit_id',
      'u.name as unit_name',
      'sp.name as service_point_name',
      'r.id as rating_id',
      'r.overall',
      'r.aspect_answers',
      'r.comment',
      'r.malicious',
      'r.created_at as rated_at',
      'cc.phone_encrypted',
      'cc.erased_at as phone_erased_at',
    ])
    .where('c.id', '=', caseId)
    .where('u.organiser_id', '=', scope.organiserId);
  if (scope.unitId) query = query.where('c.unit_id', '=', scope.unitId);
  return query.executeTakeFirst();
}

export async function updateCase(
  trx: Kysely<DB>,
  caseId: string,
  change: {
    state: string;
    verification?: string;
    reply?: string;
    callbackAt?: Date;
    callbackNote?: string;
    closedAt?: Date;
  },
) {
  return trx
    .updateTable('negative_rating_case')
    .set({
      state: change.state,
      ...(change.verification === undefined ? {} : { verification: change.verification }),
      ...(change.reply === undefined ? {} : { reply: change.reply }),
      ...(change.callbackAt === undefined
        ? {}
        : { callback_at: change.callbackAt, callback_note: change.callbackNote ?? null }),
      ...(change.closedAt === undefined ? {} : { closed_at: change.closedAt }),
    })
    .where('id', '=', caseId)
    .returning(['id', 'state'])
    .executeTakeFirst();
}

/** Erases callback phones of cases closed more than retentionDays ago; returns how many. */
export async function eraseExpiredPhones(db: Kysely<DB>, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const rows = await db
    .updateTable('callback_contact')
    .set({ phone_encrypted: null, erased_at: now })
    .where('erased_at', 'is', null)
    .where('rating_id', 'in', (eb) =>
      eb
        .selectFrom('negative_rating_case')
        .select('rating_id')
        .where('state', '=', 'closed')
        .where('closed_at', '<', cutoff),
    )
    .returning('rating_id')
    .execute();
  return rows.length;
}

export async function findRatingForOrganiser(db: Kysely<DB>, organiserId: string, ratingId: number) {
  return db
    .selectFrom('citizen_rating as r')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.malicious', 'r.quarantine_state', 'r.quarantine_reason'])
    .where('r.id', '=', ratingId)
    .where('u.organiser_id', '=', organiserId)
    .executeTakeFirst();
}

export async function setRatingMalicious(trx: Kysely<DB>, ratingId: number): Promise<void> {
  await trx.updateTable('citizen_rating').set({ malicious: true }).where('id', '=', ratingId).execute();
}

export async function decideQuarantine(trx: Kysely<DB>, ratingId: number, decision: 'released' | 'rejected') {
  return trx
    .updateTable('citizen_rating')
    .set({ quarantine_state: decision })
    .where('id', '=', ratingId)
    .where('quarantine_state', '=', 'quarantined')
    .returning('id')
    .executeTakeFirst();
}
