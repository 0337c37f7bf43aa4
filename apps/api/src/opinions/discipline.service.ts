// 纪检监察意见: findings per unit, each of a type in the cycle's rule table (points per finding,
// cap per type, veto). Findings are never deleted: a mistaken one is withdrawn with a reason.
import { type DisciplineBoard, type DisciplineFindingInput, scoringPolicyOf } from '@kaimen/contracts';
import {
  appendAudit,
  assessedUnits,
  findDisciplineFinding,
  insertDisciplineFinding,
  listDeductionRules,
  listDisciplineFindings,
  withdrawDisciplineFinding,
} from '@kaimen/db';
import { deductionsOf } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { cycleOf, cycleRef, requireOpen, type ScopedActor } from './opinion-scope.ts';

export async function disciplineBoard(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
): Promise<DisciplineBoard> {
  const cycle = await cycleOf(deps, actor, cycleId);
  const [units, rules, findings] = await Promise.all([
    assessedUnits(deps.db, actor.organiserId),
    listDeductionRules(deps.db, cycle.id),
    listDisciplineFindings(deps.db, { cycleId: cycle.id }),
  ]);
  const ruleMap = new Map(
    rules.map((r) => [r.finding_type, { points: r.points_per_finding, cap: r.cap, veto: r.is_veto }]),
  );
  const counts = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if (f.withdrawn_at) continue;
    const perType = counts.get(f.unit_id) ?? new Map<string, number>();
    perType.set(f.finding_type, (perType.get(f.finding_type) ?? 0) + 1);
    counts.set(f.unit_id, perType);
  }
  // The same deduction arithmetic the cycle computation uses, so what the office sees here is
  // what the result will take off.
  const { deductionCap } = scoringPolicyOf(cycle.policy);
  return {
    cycle: cycleRef(cycle),
    writable: cycle.state === 'open' && actor.roles.includes('discipline_officer'),
    rules: rules.map((r) => ({
      findingType: r.finding_type,
      name: r.name,
      nameEn: r.name_en,
      pointsPerFinding: r.points_per_finding,
      cap: r.cap,
      veto: r.is_veto,
    })),
    units: units.map((u) => {
      const perType = [...(counts.get(u.id) ?? new Map<string, number>())].map(([type, count]) => ({
        type,
        count,
      }));
      const d = deductionsOf(perType, ruleMap, deductionCap);
      return {
        id: u.id,
        code: u.code,
        name: u.name,
        deductionTotal: d.total,
        veto: d.veto,
        findings: perType.reduce((n, t) => n + t.count, 0),
      };
    }),
    findings: findings.map((f) => ({
      id: f.id,
      unitId: f.unit_id,
      findingType: f.finding_type,
      reason: f.reason,
      foundOn: f.found_on,
      withdrawnAt: f.withdrawn_at?.toISOString() ?? null,
      withdrawnReason: f.withdrawn_reason,
    })),
  };
}

export async function recordFinding(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  input: DisciplineFindingInput,
  requestId: string,
) {
  const cycle = await cycleOf(deps, actor, cycleId);
  requireOpen(cycle);
  const [units, rules] = await Promise.all([
    assessedUnits(deps.db, actor.organiserId),
    listDeductionRules(deps.db, cycle.id),
  ]);
  const issues: { path: string; message: string }[] = [];
  if (!units.some((u) => u.id === input.unitId))
    issues.push({ path: 'unitId', message: '不是本考评的被考评单位 (not a unit of this assessment)' });
  if (!rules.some((r) => r.finding_type === input.findingType))
    issues.push({
      path: 'findingType',
      message: '本周期没有这种问题类型 (no such finding type in this cycle)',
    });
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await insertDisciplineFinding(trx, {
      cycleId: cycle.id,
      unitId: input.unitId,
      findingType: input.findingType,
      sourceOrganisationId: actor.organisationId,
      reason: input.reason,
      foundOn: input.foundOn,
      createdBy: actor.userId,
    });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: cycle.organiser_id,
      action: 'discipline_finding.create',
      entity: 'discipline_finding',
      entityId: id,
      after: {
        unitId: input.unitId,
        findingType: input.findingType,
        foundOn: input.foundOn,
        reason: input.reason,
      },
      requestId,
    });
    return { id };
  });
}

const ALREADY_WITHDRAWN = {
  'zh-CN': '该问题已经撤回。',
  en: 'This finding has already been withdrawn.',
};

export async function withdrawFinding(
  deps: AppDeps,
  actor: ScopedActor,
  findingId: string,
  reason: string,
  requestId: string,
) {
  const finding = await findDisciplineFinding(deps.db, findingId);
  // Only the body that recorded a finding may withdraw it; to anyone else it is not there.
  if (
    !finding ||
    finding.organiser_id !== actor.organiserId ||
    finding.source_organisation_id !== actor.organisationId
  )
    throw new AppError('not_found');
  requireOpen({ state: finding.cycle_state });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await withdrawDisciplineFinding(trx, { id: finding.id, reason, now: deps.now() })))
      throw new AppError('conflict', undefined, ALREADY_WITHDRAWN);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: finding.organiser_id,
      action: 'discipline_finding.withdraw',
      entity: 'discipline_finding',
      entityId: finding.id,
      before: { withdrawn: false },
      after: { withdrawn: true, reason },
      requestId,
    });
  });
}
