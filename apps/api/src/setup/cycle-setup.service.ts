// A cycle's configuration: create (optionally copying last cycle's trees, weights, rules and
// policy), phases, the indicator tree per category, channel weights, the scoring policy, and
// the transitions draft → open → closed with the checks each needs. Trees and weights are
// frozen once the cycle opens; the policy until results are computed.
import type { CycleSetup, Lang } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  channelWeightsForAudit,
  copyCycleConfiguration,
  cycleConfiguration,
  findCycle,
  findCycleOfYear,
  findIndicator,
  indicatorsOfCycle,
  insertCycle,
  insertIndicator,
  insertRatingAspects,
  type JsonValue,
  listCategories,
  phasesForAudit,
  replaceChannelWeights,
  replacePhases,
  setCyclePolicy,
  siblingIndicators,
  updateIndicator,
} from '@kaimen/db';
import { cycleOpeningProblems, DEFAULT_RATING_ASPECTS, describeReadinessProblem } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type ScopedActor = Actor & { organiserId: string };

const FROZEN = {
  'zh-CN': '考评周期已开始，指标体系和权重已冻结；如需调整，请在下一周期修改。',
  en: 'The cycle has opened: its indicator trees and weights are frozen. Change them in the next cycle.',
};
const POLICY_FROZEN = {
  'zh-CN': '结果已计算或公布，评分规则不能再修改。',
  en: 'Results have been computed or published; the scoring policy can no longer change.',
};

export async function ownCycle(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await findCycle(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  return cycle;
}

function audit(
  trx: AppDeps['db'],
  actor: ScopedActor,
  action: string,
  entity: string,
  id: string,
  after: JsonValue,
  requestId: string,
  /** What a replacement replaced; creations have none. */
  before?: JsonValue,
) {
  return appendAudit(trx, {
    actorKind: 'staff',
    actorId: actor.userId,
    organiserId: actor.organiserId,
    action,
    entity,
    entityId: id,
    ...(before === undefined ? {} : { before }),
    after,
    requestId,
  });
}

export async function createCycle(
  deps: AppDeps,
  actor: ScopedActor,
  input: {
    year: number;
    name: string;
    startsOn: string;
    endsOn: string;
    copyFrom?: string | undefined;
    variant?: string | undefined;
  },
  requestId: string,
) {
  const source = input.copyFrom ? await ownCycle(deps, actor, input.copyFrom) : null;
  const variant = input.variant ?? '';
  const clash = await findCycleOfYear(deps.db, actor.organiserId, input.year, variant);
  if (clash) throw new AppError('conflict', undefined, sameYearMessage(input.year, clash.name, variant));
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await insertCycle(trx, {
      organiserId: actor.organiserId,
      year: input.year,
      variant,
      name: input.name,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      policy: (source?.policy ?? {}) as JsonValue,
      previousCycleId: source?.id ?? null,
    });
    if (source) await copyCycleConfiguration(trx, source.id, id);
    else
      await insertRatingAspects(
        trx,
        id,
        DEFAULT_RATING_ASPECTS.map((a) => ({ code: a.code, name: a.zh, nameEn: a.en })),
      );
    await audit(trx, actor, 'cycle.create', 'cycle', id, { ...input }, requestId);
    return { id };
  });
}

/** Why a second cycle of a year is refused, and how to make one on purpose. */
function sameYearMessage(year: number, existing: string, variant: string) {
  return variant
    ? {
        'zh-CN': `${year} 年度已有名为“${variant}”的周期（${existing}）；请换一个区分词。`,
        en: `${year} already has a cycle named apart as “${variant}” (${existing}); choose another distinguishing name.`,
      }
    : {
        'zh-CN': `${year} 年度已有考评周期“${existing}”，每个年度只能有一个。如确需同年另设周期（如专项考评），请填写区分词。`,
        en: `${year} already has the cycle “${existing}”; there is one per year. For a second one on purpose (e.g. a special round), give it a distinguishing name.`,
      };
}

export async function cycleSetup(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  lang: Lang,
): Promise<CycleSetup> {
  const cycle = await ownCycle(deps, actor, cycleId);
  const [categories, config] = await Promise.all([
    listCategories(deps.db, actor.organiserId),
    cycleConfiguration(deps.db, cycle.id),
  ]);
  const live = categories.filter((c) => c.retired_at === null);
  const problems = cycleOpeningProblems({
    categories: live.map((c) => ({ id: c.id, name: c.name, activeUnits: Number(c.units ?? 0) })),
    indicators: config.indicators.map((i) => ({
      id: i.id,
      categoryId: i.category_id,
      parentId: i.parent_id,
      name: i.name,
      weight: i.weight,
      retired: i.retired,
    })),
    channelWeights: config.weights.map((w) => ({
      categoryId: w.category_id,
      channel: w.channel,
      weight: w.weight,
    })),
  });
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const indicatorName = new Map(config.indicators.map((i) => [i.id, i.name]));
  const names = {
    category: (id: string) => categoryName.get(id) ?? id,
    indicator: (id: string) => indicatorName.get(id) ?? id,
  };
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      year: cycle.year,
      state: cycle.state,
      startsOn: cycle.starts_on,
      endsOn: cycle.ends_on,
      editable: cycle.state === 'draft',
    },
    phases: config.phases.map((p) => ({
      kind: p.kind as CycleSetup['phases'][number]['kind'],
      name: p.name,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
    })),
    categories: live.map((c) => ({
      id: c.id,
      name: c.name,
      units: Number(c.units ?? 0),
      indicators: config.indicators
        .filter((i) => i.category_id === c.id)
        .map((i) => ({
          id: i.id,
          parentId: i.parent_id,
          code: i.code,
          name: i.name,
          weight: i.weight,
          kind: i.kind as 'quantitative' | 'qualitative',
          scaleMin: i.scale_min,
          scaleMax: i.scale_max,
          position: i.position,
          retired: i.retired,
        })),
      channelWeights: Object.fromEntries(
        config.weights.filter((w) => w.category_id === c.id).map((w) => [w.channel, w.weight]),
      ),
    })),
    policy: (cycle.policy ?? {}) as Record<string, unknown>,
    openingProblems: problems.map((p) => describeReadinessProblem(p, names, lang === 'en' ? 'en' : 'zh')),
  };
}

async function draftCycle(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await ownCycle(deps, actor, cycleId);
  if (cycle.state !== 'draft') throw new AppError('conflict', undefined, FROZEN);
  return cycle;
}

export async function setPhases(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  phases: { kind: string; name: string; startsOn: string; endsOn: string }[],
  requestId: string,
) {
  const cycle = await ownCycle(deps, actor, cycleId);
  await deps.db.transaction().execute(async (trx) => {
    const before = { phases: await phasesForAudit(trx, cycle.id) };
    await replacePhases(trx, cycle.id, phases);
    await audit(trx, actor, 'cycle.phases', 'cycle', cycle.id, { phases }, requestId, before);
  });
}

export async function addIndicator(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  input: {
    categoryId: string;
    parentId?: string | null | undefined;
    code: string;
    name: string;
    nameEn?: string | undefined;
    weight: number;
    kind: string;
    scaleMin: number;
    scaleMax: number;
  },
  requestId: string,
) {
  const cycle = await draftCycle(deps, actor, cycleId);
  const categories = await listCategories(deps.db, actor.organiserId);
  if (!categories.some((c) => c.id === input.categoryId))
    throw new AppError('validation_failed', {
      issues: [{ path: 'categoryId', message: '没有这个单位类别 (no such category)' }],
    });
  if (input.parentId) {
    const parent = await findIndicator(deps.db, input.parentId);
    if (!parent || parent.cycle_id !== cycle.id || parent.category_id !== input.categoryId)
      throw new AppError('validation_failed', {
        issues: [
          {
            path: 'parentId',
            message: '上级指标须属于同一周期和类别 (the parent must be in the same cycle and category)',
          },
        ],
      });
  }
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await insertIndicator(trx, {
      cycleId: cycle.id,
      ...input,
      parentId: input.parentId ?? null,
    });
    await audit(trx, actor, 'indicator.create', 'indicator', id, { ...input }, requestId);
    return { id };
  });
}

export async function editIndicator(
  deps: AppDeps,
  actor: ScopedActor,
  indicatorId: string,
  patch: {
    name?: string | undefined;
    weight?: number | undefined;
    kind?: string | undefined;
    position?: number | undefined;
    retired?: boolean | undefined;
  },
  requestId: string,
) {
  const indicator = await findIndicator(deps.db, indicatorId);
  if (!indicator || indicator.organiser_id !== actor.organiserId) throw new AppError('not_found');
  if (indicator.state !== 'draft') throw new AppError('conflict', undefined, FROZEN);
  await deps.db.transaction().execute(async (trx) => {
    await updateIndicator(
      trx,
      indicator.id,
      Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    );
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'indicator.update',
      entity: 'indicator',
      entityId: indicator.id,
      before: { name: indicator.name, weight: indicator.weight },
      after: patch as JsonValue,
      requestId,
    });
  });
}

/**
 * Moves an indicator one place up or down among its siblings, in one transaction: the siblings
 * are renumbered 10, 20, … in the new order, so equal or gapped positions never tie again.
 */
export async function moveIndicator(
  deps: AppDeps,
  actor: ScopedActor,
  indicatorId: string,
  direction: 'up' | 'down',
  requestId: string,
) {
  const indicator = await findIndicator(deps.db, indicatorId);
  if (!indicator || indicator.organiser_id !== actor.organiserId) throw new AppError('not_found');
  if (indicator.state !== 'draft') throw new AppError('conflict', undefined, FROZEN);
  await deps.db.transaction().execute(async (trx) => {
    const siblings = await siblingIndicators(trx, indicator);
    const at = siblings.findIndex((x) => x.id === indicator.id);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= siblings.length) return; // already first or last: nothing to do
    const order = siblings.map((x) => x.id);
    [order[at], order[to]] = [order[to] as string, order[at] as string];
    for (const [i, id] of order.entries()) {
      const position = (i + 1) * 10;
      if (siblings.find((x) => x.id === id)?.position !== position)
        await updateIndicator(trx, id, { position });
    }
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'indicator.move',
      entity: 'indicator',
      entityId: indicator.id,
      before: { order: siblings.map((x) => x.id) },
      after: { order },
      requestId,
    });
  });
}

export async function setIndicatorWeights(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  weights: Record<string, number>,
  requestId: string,
) {
  const cycle = await draftCycle(deps, actor, cycleId);
  const ids = Object.keys(weights);
  const found = await indicatorsOfCycle(deps.db, cycle.id, ids);
  if (found.length !== ids.length)
    throw new AppError('validation_failed', {
      issues: [{ path: 'weights', message: '有指标不属于本周期 (an indicator is not of this cycle)' }],
    });
  await deps.db.transaction().execute(async (trx) => {
    for (const [id, weight] of Object.entries(weights)) await updateIndicator(trx, id, { weight });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'indicator.weights',
      entity: 'cycle',
      entityId: cycle.id,
      before: Object.fromEntries(found.map((f) => [f.id, f.weight])),
      after: weights,
      requestId,
    });
  });
}

export async function setChannelWeights(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  categoryId: string,
  weights: Partial<Record<string, number>>,
  requestId: string,
) {
  const cycle = await draftCycle(deps, actor, cycleId);
  const categories = await listCategories(deps.db, actor.organiserId);
  if (!categories.some((c) => c.id === categoryId)) throw new AppError('not_found');
  const rows = Object.entries(weights)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([channel, weight]) => ({ channel, weight }));
  await deps.db.transaction().execute(async (trx) => {
    const before = await channelWeightsForAudit(trx, cycle.id, categoryId);
    await replaceChannelWeights(trx, cycle.id, categoryId, rows);
    await audit(
      trx,
      actor,
      'channel_weight.set',
      'cycle',
      cycle.id,
      { categoryId, weights: rows },
      requestId,
      before,
    );
  });
}

export async function setPolicy(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  policy: Record<string, unknown>,
  requestId: string,
) {
  const cycle = await ownCycle(deps, actor, cycleId);
  if (!['draft', 'open', 'closed'].includes(cycle.state))
    throw new AppError('conflict', undefined, POLICY_FROZEN);
  await deps.db.transaction().execute(async (trx) => {
    await setCyclePolicy(trx, cycle.id, policy as JsonValue);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'cycle.policy',
      entity: 'cycle',
      entityId: cycle.id,
      before: cycle.policy as JsonValue,
      after: policy as JsonValue,
      requestId,
    });
  });
}
