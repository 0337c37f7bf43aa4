// The representative's side: their units, a unit's indicators with the saved draft, saving a
// draft, and the one final submission per unit.
import { type PanelBallotInput, type PanelHome, type PanelUnit, panelIsAnonymous } from '@kaimen/contracts';
import {
  appendAudit,
  assignedUnits,
  invitationContext,
  panelIndicators,
  saveDraft,
  submitBallot,
} from '@kaimen/db';
import type { Context } from 'hono';
import { chinaDay } from '../citizen/rating-context.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';

type Invitation = NonNullable<Awaited<ReturnType<typeof invitationContext>>>;

/** The invitation behind this request's session; withdrawn or expired links end the session too. */
export async function requireEvaluator(c: Context<AppEnv>): Promise<Invitation> {
  const id = c.var.invitationId;
  if (!id) throw new AppError('unauthenticated');
  const invitation = await invitationContext(c.var.deps.db, id);
  if (!invitation || invitation.revoked_at || invitation.expires_at <= c.var.deps.now())
    throw new AppError('invitation_expired');
  return invitation;
}

export async function panelHome(deps: AppDeps, invitation: Invitation): Promise<PanelHome> {
  const units = await assignedUnits(deps.db, invitation);
  return {
    evaluator: {
      name: invitation.evaluator_name,
      kind: invitation.evaluator_kind as PanelHome['evaluator']['kind'],
    },
    cycle: { id: invitation.cycle_id, name: invitation.cycle_name, state: invitation.cycle_state },
    expiresAt: invitation.expires_at.toISOString(),
    units: units.map((u) => ({
      unitId: u.id,
      name: u.name,
      category: u.category_name,
      status: u.submitted_at ? 'submitted' : u.draft_scores ? 'draft' : 'todo',
    })),
  };
}

async function unitOf(deps: AppDeps, invitation: Invitation, unitId: string) {
  const unit = (await assignedUnits(deps.db, invitation)).find((u) => u.id === unitId);
  if (!unit) throw new AppError('not_found');
  const indicators = await panelIndicators(deps.db, invitation.cycle_id, unit.category_id);
  return { unit, indicators };
}

export async function panelUnit(deps: AppDeps, invitation: Invitation, unitId: string): Promise<PanelUnit> {
  const { unit, indicators } = await unitOf(deps, invitation, unitId);
  return {
    unit: { id: unit.id, name: unit.name, category: unit.category_name },
    indicators: indicators.map((i) => ({
      id: i.id,
      name: i.name,
      group: i.parent_name,
      description: i.description,
      scaleMin: Number(i.scale_min),
      scaleMax: Number(i.scale_max),
    })),
    draft:
      unit.draft_scores && !unit.submitted_at
        ? { scores: unit.draft_scores as Record<string, number>, comment: unit.draft_comment ?? '' }
        : null,
    submitted: unit.submitted_at !== null,
  };
}

/** Scores must be for this unit's indicators and inside each indicator's scale; all of them when final. */
function checkScores(
  indicators: { id: string; name: string; scale_min: number; scale_max: number }[],
  scores: Record<string, number>,
  complete: boolean,
) {
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const issues: { path: string; message: string }[] = [];
  for (const [id, score] of Object.entries(scores)) {
    const indicator = byId.get(id);
    if (!indicator)
      issues.push({ path: `scores.${id}`, message: '不是该单位的评议指标 (not an indicator of this unit)' });
    else if (score < Number(indicator.scale_min) || score > Number(indicator.scale_max))
      issues.push({
        path: `scores.${id}`,
        message: `${indicator.name}：分值须在 ${Number(indicator.scale_min)}–${Number(indicator.scale_max)} 之间 (out of range)`,
      });
  }
  if (complete)
    for (const i of indicators)
      if (!(i.id in scores))
        issues.push({ path: `scores.${i.id}`, message: `${i.name}：请评分 (a score is needed)` });
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
}

export async function saveUnitDraft(
  deps: AppDeps,
  invitation: Invitation,
  unitId: string,
  input: PanelBallotInput,
  requestId: string,
) {
  const { unit, indicators } = await unitOf(deps, invitation, unitId);
  if (unit.submitted_at) throw new AppError('ballot_submitted');
  // A draft the final submit would refuse is refused now, before more work goes into it.
  if (invitation.cycle_state !== 'open') throw new AppError('no_open_cycle');
  checkScores(indicators, input.scores, false);
  await deps.db.transaction().execute(async (trx) => {
    await saveDraft(trx, {
      invitationId: invitation.id,
      unitId,
      scores: input.scores,
      comment: input.comment,
      now: deps.now(),
    });
    // That a draft was saved, never its scores (a draft becomes an anonymous ballot): both sides
    // say only whether a draft existed and how many indicators it scored.
    await appendAudit(trx, {
      actorKind: 'evaluator',
      actorId: invitation.evaluator_id,
      organiserId: invitation.organiser_id,
      action: 'panel.draft',
      entity: 'unit',
      entityId: unitId,
      before: unit.draft_scores
        ? { draft: true, scored: Object.keys(unit.draft_scores as Record<string, number>).length }
        : { draft: false, scored: 0 },
      after: { draft: true, scored: Object.keys(input.scores).length },
      requestId,
    });
  });
}

export async function submitUnit(
  deps: AppDeps,
  invitation: Invitation,
  unitId: string,
  input: PanelBallotInput,
  requestId: string,
) {
  const { unit, indicators } = await unitOf(deps, invitation, unitId);
  if (unit.submitted_at) throw new AppError('ballot_submitted');
  if (invitation.cycle_state !== 'open') throw new AppError('no_open_cycle');
  checkScores(indicators, input.scores, true);
  const now = deps.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await submitBallot(trx, {
        invitationId: invitation.id,
        evaluatorId: invitation.evaluator_id,
        cycleId: invitation.cycle_id,
        unitId,
        channel: invitation.evaluator_kind === 'special_supervisor' ? 'special_supervisor' : 'representative',
        anonymous: panelIsAnonymous(invitation.policy),
        scores: input.scores,
        comment: input.comment,
        now,
        day: chinaDay(now),
      });
      // Participation only: which unit, never the ballot.
      await appendAudit(trx, {
        actorKind: 'evaluator',
        actorId: invitation.evaluator_id,
        organiserId: invitation.organiser_id,
        action: 'panel.submit',
        entity: 'unit',
        entityId: unitId,
        requestId,
      });
    });
  } catch (e) {
    // Two tabs or a double click: the submission key let the other one through.
    if ((e as { code?: string }).code === '23505') throw new AppError('ballot_submitted');
    throw e;
  }
}
