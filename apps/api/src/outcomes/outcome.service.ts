// Compute → review → publish. A computation is stored as an immutable revision with the
// hash of its inputs and the policy it used; publishing freezes it; a correction is a new
// revision with a reason. Both are audited.

import type { UnitBreakdown } from '@kaimen/contracts';
import { scoringPolicyOf } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  deductionRuleNames,
  findRevision,
  indicatorNames,
  insertRevision,
  listCycles,
  listRevisions,
  loadCycleForScoring,
  nextRevisionNumber,
  publishRevision,
  revisionUnits,
} from '@kaimen/db';
import type { JsonValue } from '@kaimen/db/schema.generated';
import { computeCycle, describeIntervalBasis, PETITION_DEDUCTION } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { openItemsForPublishedRevision } from '../rectification/rectification.service.ts';
import { gatherCycleInputs } from './scoring-inputs.ts';

type ScopedActor = Actor & { organiserId: string };

const REASON_NEEDED = {
  'zh-CN': '已有计算结果，重新计算须填写更正理由。',
  en: 'Results already exist: a recomputation needs a reason for the correction.',
};

export async function computeRevision(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  reason: string | undefined,
  requestId: string,
) {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  if (cycle.state === 'draft') throw new AppError('conflict');
  const { inputs, inputsHash, unitNames } = await gatherCycleInputs(deps.db, cycle);
  const outcomes = computeCycle(inputs);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const revision = await nextRevisionNumber(trx, cycleId);
    if (revision > 1 && !reason)
      throw new AppError(
        'validation_failed',
        { issues: [{ path: 'reason', message: REASON_NEEDED['zh-CN'] }] },
        REASON_NEEDED,
      );
    const stored = await insertRevision(trx, {
      cycleId,
      revision,
      inputsHash,
      config: inputs.policy as unknown as JsonValue,
      reason: reason ?? null,
      computedBy: actor.userId,
      now,
      units: outcomes.map((o) => ({
        unitId: o.unitId,
        composite: o.composite,
        grade: o.grade,
        rank: o.rank,
        rankLow: o.rankLow,
        rankHigh: o.rankHigh,
        insufficient: o.insufficient,
        negativeList: o.negativeList.length > 0,
        breakdown: { ...o, unitName: unitNames.get(o.unitId) ?? null } as unknown as JsonValue,
        flags: o.flags,
      })),
    });
    if (cycle.state === 'closed')
      await trx.updateTable('cycle').set({ state: 'computed' }).where('id', '=', cycleId).execute();
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'outcome.compute',
      entity: 'outcome_revision',
      entityId: stored.id,
      after: { cycleId, revision, inputsHash, reason: reason ?? null, units: outcomes.length },
      requestId,
    });
    return {
      id: stored.id,
      revision,
      inputsHash,
      units: outcomes.length,
      sensitive: outcomes.filter((o) => o.flags.some((f) => f.startsWith('grade_sensitive'))).length,
    };
  });
}

export async function publish(deps: AppDeps, actor: ScopedActor, revisionId: string, requestId: string) {
  const revision = await findRevision(deps.db, actor.organiserId, revisionId);
  if (!revision) throw new AppError('not_found');
  if (revision.state !== 'review') throw new AppError('conflict');
  await deps.db.transaction().execute(async (trx) => {
    await publishRevision(trx, revision, deps.now());
    const cycle = await loadCycleForScoring(trx, revision.cycle_id);
    await openItemsForPublishedRevision(
      trx,
      revision,
      scoringPolicyOf(cycle?.policy).lowIndicatorThreshold,
      deps.now(),
    );
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'outcome.publish',
      entity: 'outcome_revision',
      entityId: revisionId,
      before: { state: 'review' },
      after: { state: 'published', revision: revision.revision },
      requestId,
    });
  });
}

export async function revisionsOf(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const rows = await listRevisions(deps.db, cycleId);
  // A unit sees only what was published.
  return (actor.unitId ? rows.filter((r) => r.state === 'published') : rows).map((r) => ({
    id: r.id,
    revision: r.revision,
    state: r.state,
    inputsHash: r.inputs_hash,
    reason: r.reason,
    computedAt: r.computed_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
  }));
}

export async function unitsOf(deps: AppDeps, actor: ScopedActor, revisionId: string, unitId?: string) {
  const revision = await findRevision(deps.db, actor.organiserId, revisionId);
  if (!revision) throw new AppError('not_found');
  if (actor.unitId) {
    if (revision.state !== 'published' || (unitId && unitId !== actor.unitId))
      throw new AppError('not_found');
    unitId = actor.unitId;
  }
  const units = await revisionUnits(deps.db, revisionId, unitId);
  // For one unit's breakdown, the names behind the ids it refers to.
  const names = unitId
    ? {
        indicators: await indicatorNames(deps.db, revision.cycle_id),
        findingTypes: {
          [PETITION_DEDUCTION]: '信访核实投诉（信访规则）',
          ...(await deductionRuleNames(deps.db, revision.cycle_id)),
        },
      }
    : undefined;
  return {
    revision: {
      id: revision.id,
      revision: revision.revision,
      state: revision.state,
      cycleId: revision.cycle_id,
      cycleName: revision.cycle_name,
      inputsHash: revision.inputs_hash,
      reason: revision.reason,
      computedAt: revision.computed_at.toISOString(),
    },
    ...(names ? { names } : {}),
    units: units.map((u) => ({
      unitId: u.unit_id,
      unitName: u.unit_name,
      unitCode: u.unit_code,
      category: { id: u.category_id, name: u.category_name },
      composite: u.composite,
      grade: u.grade,
      rank: u.rank,
      rankLow: u.rank_low,
      rankHigh: u.rank_high,
      insufficient: u.insufficient,
      negativeList: u.negative_list,
      flags: u.flags as string[],
      ci: (u.breakdown as UnitBreakdown | null)?.ci ?? null,
      intervalBasis: describeIntervalBasis((u.breakdown as UnitBreakdown | null)?.channels ?? []),
      ...(unitId ? { breakdown: u.breakdown } : {}),
    })),
  };
}

export async function cyclesOf(deps: AppDeps, actor: ScopedActor) {
  return listCycles(deps.db, actor.organiserId);
}
