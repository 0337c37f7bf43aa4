// The unit's handling of negative-rating cases, and the organiser's moderation of ratings.
// Every write is audited; reading a citizen's phone is audited too.
import type { CaseAction, CaseDetail, CaseListQuery, CaseListResponse, CaseSummary } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  decideQuarantine,
  findRatingForOrganiser,
  getCase,
  listCases,
  setRatingMalicious,
  updateCase,
} from '@kaimen/db';
import { decryptPersonal } from '@kaimen/domain';
import { personalKey } from '../citizen/keys.ts';
import { chinaDay } from '../citizen/rating-context.ts';
import { scrubbedOrNull as scrubbed } from '../comments/comment-scrubber.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { nextCaseState } from './case-steps.ts';

type ScopedActor = Actor & { organiserId: string };
const scopeOf = (actor: ScopedActor) => ({ organiserId: actor.organiserId, unitId: actor.unitId });

export async function listCasesFor(
  deps: AppDeps,
  actor: ScopedActor,
  query: CaseListQuery,
): Promise<CaseListResponse> {
  const { rows, total, page } = await listCases(deps.db, scopeOf(actor), {
    ...query,
    today: chinaDay(deps.now()),
  });
  const items = rows.map(
    (r): CaseSummary => ({
      id: r.id,
      state: r.state as CaseSummary['state'],
      openedAt: r.opened_at.toISOString(),
      dueOn: r.due_on,
      overdue: r.overdue,
      unit: { id: r.unit_id, name: r.unit_name },
      servicePoint: r.service_point_name,
      overall: r.overall,
      // Lists go to the organiser and sit on shared screens: the comment is scrubbed there.
      comment: scrubbed(r.comment),
    }),
  );
  return { items, total, page, pageSize: query.pageSize };
}

export async function getCaseFor(
  deps: AppDeps,
  actor: ScopedActor,
  caseId: string,
  requestId: string,
): Promise<CaseDetail> {
  const row = await getCase(deps.db, scopeOf(actor), caseId);
  if (!row) throw new AppError('not_found');
  // Only the unit handling the case sees the phone number, never the organiser.
  const handling = actor.unitId === row.unit_id && actor.roles.includes('unit_liaison');
  const phone =
    handling && row.phone_encrypted ? decryptPersonal(personalKey(deps.secret), row.phone_encrypted) : null;
  if (phone) {
    await appendAudit(deps.db, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'case.view_phone',
      entity: 'negative_rating_case',
      entityId: row.id,
      requestId,
    });
  }
  return {
    id: row.id,
    state: row.state as CaseDetail['state'],
    openedAt: row.opened_at.toISOString(),
    dueOn: row.due_on,
    overdue: row.state !== 'closed' && row.due_on < chinaDay(deps.now()),
    unit: { id: row.unit_id, name: row.unit_name },
    servicePoint: row.service_point_name,
    overall: row.overall,
    // Like the phone, the comment as written is for the unit handling the case, who must verify
    // what it says (a name, a plate); everyone else reads it scrubbed.
    comment: handling ? row.comment : scrubbed(row.comment),
    ratingId: String(row.rating_id),
    aspects: row.aspect_answers as Record<string, number>,
    malicious: row.malicious,
    // The unit's own notes often repeat what the citizen said or the number it called: to anyone
    // else they are scrubbed like the comment.
    verification: handling ? row.verification : scrubbed(row.verification),
    reply: handling ? row.reply : scrubbed(row.reply),
    callbackAt: row.callback_at?.toISOString() ?? null,
    callbackNote: handling ? row.callback_note : scrubbed(row.callback_note),
    closedAt: row.closed_at?.toISOString() ?? null,
    callbackPhone: phone,
    phoneErased: row.phone_erased_at !== null,
  };
}

export async function actOnCase(
  deps: AppDeps,
  actor: ScopedActor,
  caseId: string,
  action: CaseAction,
  requestId: string,
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await getCase(trx, scopeOf(actor), caseId);
    if (!row) throw new AppError('not_found');
    // The unit answers its own cases; the organiser closes them out.
    const isUnit = actor.unitId === row.unit_id;
    if (action.action === 'close' ? !isUnit && !actor.roles.includes('organiser_admin') : !isUnit) {
      throw new AppError('forbidden');
    }
    const state = nextCaseState(row.state, action.action);
    if (!state) throw new AppError('case_step_not_allowed');
    const text = action.text;
    await updateCase(trx, caseId, {
      state,
      ...(action.action === 'verify' ? { verification: text } : {}),
      ...(action.action === 'reply' ? { reply: text } : {}),
      ...(action.action === 'log_callback' ? { callbackAt: now, callbackNote: text } : {}),
      ...(action.action === 'close' ? { closedAt: now } : {}),
    });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: `case.${action.action}`,
      entity: 'negative_rating_case',
      entityId: caseId,
      before: { state: row.state },
      after: { state, text: text ?? null },
      requestId,
    });
    return { id: caseId, state };
  });
}

export async function markMalicious(
  deps: AppDeps,
  actor: ScopedActor,
  ratingId: number,
  reason: string,
  requestId: string,
) {
  await deps.db.transaction().execute(async (trx) => {
    const rating = await findRatingForOrganiser(trx, actor.organiserId, ratingId);
    if (!rating) throw new AppError('not_found');
    await setRatingMalicious(trx, ratingId);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'rating.mark_malicious',
      entity: 'citizen_rating',
      entityId: String(ratingId),
      before: { malicious: rating.malicious },
      after: { malicious: true, reason },
      requestId,
    });
  });
}

export async function reviewQuarantine(
  deps: AppDeps,
  actor: ScopedActor,
  ratingId: number,
  decision: { decision: 'release' | 'reject'; reason: string },
  requestId: string,
) {
  await deps.db.transaction().execute(async (trx) => {
    const rating = await findRatingForOrganiser(trx, actor.organiserId, ratingId);
    if (!rating) throw new AppError('not_found');
    const state = decision.decision === 'release' ? 'released' : 'rejected';
    if (!(await decideQuarantine(trx, ratingId, state))) throw new AppError('conflict');
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: `rating.quarantine_${decision.decision}`,
      entity: 'citizen_rating',
      entityId: String(ratingId),
      before: { quarantine_state: rating.quarantine_state, reason: rating.quarantine_reason },
      after: { quarantine_state: state, reason: decision.reason },
      requestId,
    });
  });
}
