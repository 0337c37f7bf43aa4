// 信访意见: the petition office's complaint counts per unit and period. One opinion per unit,
// source and period start; saving again corrects it (the audit keeps both versions).
import type { PetitionBoard, PetitionOpinionInput } from '@kaimen/contracts';
import { appendAudit, assessedUnits, listPetitionOpinions, upsertPetitionOpinion } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { cycleOf, cycleRef, requireOpen, type ScopedActor } from './opinion-scope.ts';

export async function petitionBoard(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
): Promise<PetitionBoard> {
  const cycle = await cycleOf(deps, actor, cycleId);
  const [units, opinions] = await Promise.all([
    assessedUnits(deps.db, actor.organiserId),
    listPetitionOpinions(deps.db, { cycleId: cycle.id }),
  ]);
  return {
    cycle: cycleRef(cycle),
    writable: cycle.state === 'open' && actor.roles.includes('petition_officer'),
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
    opinions: opinions.map((o) => ({
      id: o.id,
      unitId: o.unit_id,
      periodStart: o.period_start,
      periodEnd: o.period_end,
      complaintCount: o.complaint_count,
      verifiedComplaintCount: o.verified_complaint_count,
      note: o.note,
      source: o.source_name,
    })),
  };
}

export async function savePetitionOpinion(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  input: PetitionOpinionInput,
  requestId: string,
) {
  const cycle = await cycleOf(deps, actor, cycleId);
  requireOpen(cycle);
  const units = await assessedUnits(deps.db, actor.organiserId);
  if (!units.some((u) => u.id === input.unitId))
    throw new AppError('validation_failed', {
      issues: [{ path: 'unitId', message: '不是本考评的被考评单位 (not a unit of this assessment)' }],
    });
  return deps.db.transaction().execute(async (trx) => {
    const { id, before } = await upsertPetitionOpinion(trx, {
      cycleId: cycle.id,
      unitId: input.unitId,
      sourceOrganisationId: actor.organisationId,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      complaintCount: input.complaintCount,
      verifiedComplaintCount: input.verifiedComplaintCount,
      note: input.note || null,
      createdBy: actor.userId,
    });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: cycle.organiser_id,
      action: before ? 'petition_opinion.correct' : 'petition_opinion.create',
      entity: 'petition_opinion',
      entityId: id,
      before,
      after: {
        unitId: input.unitId,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        complaintCount: input.complaintCount,
        verifiedComplaintCount: input.verifiedComplaintCount,
      },
      requestId,
    });
    return { id, corrected: before !== null };
  });
}
