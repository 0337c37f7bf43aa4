// 整改清单: opened automatically when results are published (negative-list units, indicators
// below the policy's threshold) or by hand; answered by the unit; closed out (对账销号) or
// sent back by the organiser. Every step is audited.
import type { RectificationDetail } from '@kaimen/contracts';
import type { DB } from '@kaimen/db';
import {
  type Actor,
  appendAudit,
  getRectificationItem,
  indicatorNames,
  insertRectificationItems,
  listRectificationItems,
  type NewRectificationItem,
  revisionUnits,
  updateRectificationItem,
} from '@kaimen/db';
import { channelZh, describeNegativeListRule } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import { chinaDay } from '../citizen/rating-context.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type ScopedActor = Actor & { organiserId: string };
const scopeOf = (a: ScopedActor) => ({ organiserId: a.organiserId, unitId: a.unitId });
const DUE_DAYS = 60;

/** Called inside the publication transaction: items for what the published results show. */
export async function openItemsForPublishedRevision(
  trx: Kysely<DB>,
  revision: { id: string; cycle_id: string },
  threshold: number,
  now: Date,
): Promise<number> {
  const [units, names, existing] = await Promise.all([
    revisionUnits(trx, revision.id),
    indicatorNames(trx, revision.cycle_id),
    trx
      .selectFrom('rectification_item')
      .select(['unit_id', 'problem'])
      .where('cycle_id', '=', revision.cycle_id)
      .execute(),
  ]);
  const seen = new Set(existing.map((e) => `${e.unit_id}|${e.problem}`));
  const due = new Date(now.getTime() + DUE_DAYS * 86_400_000);
  const dueOn = chinaDay(due);
  const items: NewRectificationItem[] = [];
  const add = (unitId: string, source: NewRectificationItem['source'], problem: string) => {
    // A corrected publication does not open the same item twice.
    if (seen.has(`${unitId}|${problem}`)) return;
    seen.add(`${unitId}|${problem}`);
    items.push({ cycleId: revision.cycle_id, unitId, source, revisionId: revision.id, problem, dueOn, now });
  };
  for (const u of units) {
    const b = u.breakdown as {
      negativeList?: string[];
      lowIndicators?: { channel: string; indicatorId: string; mean: number }[];
    };
    if (u.negative_list && b.negativeList?.length) {
      add(
        u.unit_id,
        'negative_list',
        `列入负面清单：${b.negativeList.map((r) => describeNegativeListRule(r)).join('、')}`,
      );
    }
    for (const low of b.lowIndicators ?? []) {
      add(
        u.unit_id,
        'low_indicator',
        `${channelZh(low.channel)}「${names[low.indicatorId] ?? low.indicatorId}」平均 ${low.mean.toFixed(1)} 分，低于 ${threshold} 分`,
      );
    }
  }
  await insertRectificationItems(trx, items);
  return items.length;
}

const summary = (r: {
  id: string;
  unit_id: string;
  unit_name: string;
  source: string;
  problem: string;
  owner: string | null;
  due_on: string | null;
  status: string;
}) => ({
  id: r.id,
  unit: { id: r.unit_id, name: r.unit_name },
  source: r.source as RectificationDetail['source'],
  problem: r.problem,
  owner: r.owner,
  dueOn: r.due_on,
  status: r.status as RectificationDetail['status'],
});

export async function listItems(deps: AppDeps, actor: ScopedActor, status?: string) {
  const today = chinaDay(deps.now());
  const rows = await listRectificationItems(deps.db, scopeOf(actor), {
    ...(status ? { status } : {}),
    today,
  });
  return rows.map((r) => ({ ...summary(r), overdue: r.overdue }));
}

export async function getItem(deps: AppDeps, actor: ScopedActor, id: string): Promise<RectificationDetail> {
  const r = await getRectificationItem(deps.db, scopeOf(actor), id);
  if (!r) throw new AppError('not_found');
  const today = chinaDay(deps.now());
  return {
    ...summary(r),
    overdue: r.status !== 'closed' && r.due_on !== null && r.due_on < today,
    measures: r.measures,
    evidence: r.evidence,
    createdAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

export async function createItem(
  deps: AppDeps,
  actor: ScopedActor,
  input: { unitId: string; problem: string; dueOn?: string | undefined },
  requestId: string,
) {
  const unit = await deps.db
    .selectFrom('unit')
    .select('id')
    .where('id', '=', input.unitId)
    .where('organiser_id', '=', actor.organiserId)
    .executeTakeFirst();
  if (!unit) throw new AppError('not_found');
  const cycle = await deps.db
    .selectFrom('cycle')
    .select('id')
    .where('organiser_id', '=', actor.organiserId)
    .orderBy('year', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!cycle) throw new AppError('conflict');
  return deps.db.transaction().execute(async (trx) => {
    const [row] = await insertRectificationItems(trx, [
      {
        cycleId: cycle.id,
        unitId: input.unitId,
        source: 'manual',
        revisionId: null,
        problem: input.problem,
        dueOn: input.dueOn ?? null,
        now: deps.now(),
      },
    ]);
    const id = (row as { id: string }).id;
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'rectification.create',
      entity: 'rectification_item',
      entityId: id,
      after: input,
      requestId,
    });
    return { id };
  });
}

export async function answerItem(
  deps: AppDeps,
  actor: ScopedActor,
  id: string,
  change: {
    measures?: string | undefined;
    owner?: string | undefined;
    evidence?: string | undefined;
    status?: 'in_progress' | 'submitted' | undefined;
  },
  requestId: string,
) {
  await deps.db.transaction().execute(async (trx) => {
    const item = await getRectificationItem(trx, scopeOf(actor), id);
    if (!item) throw new AppError('not_found');
    // Only the unit answers its own items, and not once they are closed.
    if (actor.unitId !== item.unit_id) throw new AppError('forbidden');
    if (item.status === 'closed') throw new AppError('conflict');
    const status = change.status ?? (item.status === 'open' ? 'in_progress' : item.status);
    await updateRectificationItem(trx, id, {
      ...(change.measures === undefined ? {} : { measures: change.measures }),
      ...(change.owner === undefined ? {} : { owner: change.owner }),
      ...(change.evidence === undefined ? {} : { evidence: change.evidence }),
      status,
    });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'rectification.answer',
      entity: 'rectification_item',
      entityId: id,
      before: { status: item.status },
      after: { ...change, status },
      requestId,
    });
  });
}

export async function reviewItem(
  deps: AppDeps,
  actor: ScopedActor,
  id: string,
  review: { decision: 'close' | 'reopen'; note: string },
  requestId: string,
) {
  await deps.db.transaction().execute(async (trx) => {
    const item = await getRectificationItem(trx, scopeOf(actor), id);
    if (!item) throw new AppError('not_found');
    if (item.status !== 'submitted') throw new AppError('conflict');
    const closing = review.decision === 'close';
    await updateRectificationItem(
      trx,
      id,
      closing
        ? { status: 'closed', closedAt: deps.now(), closedBy: actor.userId }
        : { status: 'in_progress' },
    );
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: `rectification.${review.decision}`,
      entity: 'rectification_item',
      entityId: id,
      before: { status: item.status },
      after: { status: closing ? 'closed' : 'in_progress', note: review.note },
      requestId,
    });
  });
}
