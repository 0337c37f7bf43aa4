// Personal invitation links for the panel: 256-bit tokens shown once and stored hashed.
// Opening a link changes nothing (mail scanners open links); the first POST exchanges it for
// a session, once. A new link for the same person withdraws the old one.
import type { IssuedInvitations, Participation } from '@kaimen/contracts';
import { panelIsAnonymous } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  cycleEvaluatorIds,
  evaluatorsToInvite,
  exchangeInvitation,
  findInvitationByHash,
  insertInvitations,
  insertSession,
  loadCycleForScoring,
  moveDraftsToLiveInvitations,
  participationOf,
  revokeInvitations,
} from '@kaimen/db';
import { hashToken, newToken } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { csvText } from '../exports/spreadsheet-writer.ts';

type ScopedActor = Actor & { organiserId: string };

async function ownCycle(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  return cycle;
}

export async function issueInvitations(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  request: { validDays: number; evaluatorIds?: string[] | undefined },
  requestId: string,
): Promise<IssuedInvitations> {
  const cycle = await ownCycle(deps, actor, cycleId);
  refuseUnlessOpen(cycle.state);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + request.validDays * 86_400_000);
  return deps.db.transaction().execute(async (trx) => {
    const evaluators = await evaluatorsToInvite(trx, cycle.id, now, request.evaluatorIds);
    if (request.evaluatorIds && evaluators.length !== new Set(request.evaluatorIds).size)
      throw new AppError('not_found');
    await revokeInvitations(
      trx,
      cycle.id,
      evaluators.map((e) => e.id),
      now,
    );
    const issued = evaluators.map((e) => ({ evaluator: e, ...newToken() }));
    await insertInvitations(
      trx,
      issued.map((i) => ({
        cycleId: cycle.id,
        evaluatorId: i.evaluator.id,
        tokenHash: i.hash,
        expiresAt,
        now,
      })),
    );
    await moveDraftsToLiveInvitations(trx, cycle.id);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: cycle.organiser_id,
      action: 'invitation.issue',
      entity: 'cycle',
      entityId: cycle.id,
      after: { evaluators: issued.map((i) => i.evaluator.id), expiresAt: expiresAt.toISOString() },
      requestId,
    });
    const invitations = issued.map((i) => ({
      evaluatorId: i.evaluator.id,
      name: i.evaluator.name,
      url: `${deps.config.publicOrigin}/i/${i.token}`,
      expiresAt: expiresAt.toISOString(),
    }));
    const csv = csvText([
      ['姓名 name', '邀请链接 link', '有效期至 expires'],
      ...invitations.map((i) => [i.name, i.url, i.expiresAt]),
    ]);
    return { invitations, csv };
  });
}

/**
 * Links only for a cycle that takes ballots: a draft's links would open no form and a closed
 * cycle's could never be submitted, so the organiser hears why, and what to do, before sending.
 */
function refuseUnlessOpen(state: string) {
  if (state === 'open') return;
  throw new AppError(
    'no_open_cycle',
    { cycleState: state },
    state === 'draft'
      ? {
          'zh-CN': '该考评周期尚未开始（草稿），现在生成的邀请链接打不开评议表。请先开始考评，再生成链接。',
          en: 'This cycle has not started (draft): links issued now would open no form. Open the cycle first, then issue the links.',
        }
      : {
          'zh-CN': '该考评周期已截止，不能再生成邀请链接，代表委员也无法再提交评议。请在进行中的周期发链接。',
          en: 'This cycle is closed: no more links can be issued and nobody could submit. Issue links in the open cycle.',
        },
  );
}

/** Withdraws these people's live links: each stops working at once and its session with it. */
export async function withdrawInvitations(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  evaluatorIds: string[],
  requestId: string,
): Promise<{ withdrawn: number }> {
  const cycle = await ownCycle(deps, actor, cycleId);
  const wanted = [...new Set(evaluatorIds)];
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const known = await cycleEvaluatorIds(trx, cycle.id, wanted);
    if (known.length !== wanted.length) throw new AppError('not_found');
    const withdrawn = await revokeInvitations(trx, cycle.id, wanted, now);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: cycle.organiser_id,
      action: 'invitation.withdraw',
      entity: 'cycle',
      entityId: cycle.id,
      before: { evaluators: wanted, liveLinks: withdrawn },
      after: { evaluators: wanted, liveLinks: 0 },
      requestId,
    });
    return { withdrawn };
  });
}

/** What a link's page shows before it is used: its cycle and whether the link still works. */
export async function previewInvitation(deps: AppDeps, token: string) {
  const found = await findInvitationByHash(deps.db, hashToken(token));
  if (!found) throw new AppError('not_found');
  const link: 'valid' | 'used' | 'expired' =
    found.revoked_at || found.expires_at <= deps.now() ? 'expired' : found.exchanged_at ? 'used' : 'valid';
  return { cycle: { name: found.cycle_name, state: found.cycle_state }, link };
}

export async function exchange(deps: AppDeps, token: string, requestId: string) {
  const now = deps.now();
  const tokenHash = hashToken(token);
  return deps.db.transaction().execute(async (trx) => {
    const invitation = await exchangeInvitation(trx, tokenHash, now);
    if (!invitation) {
      const found = await findInvitationByHash(trx, tokenHash);
      if (!found) throw new AppError('not_found');
      if (found.revoked_at || found.expires_at <= now) throw new AppError('invitation_expired');
      throw new AppError('invitation_used');
    }
    const session = newToken();
    await insertSession(trx, {
      tokenHash: session.hash,
      invitationId: invitation.id,
      expiresAt: invitation.expires_at,
      now,
    });
    await appendAudit(trx, {
      actorKind: 'evaluator',
      actorId: invitation.evaluator_id,
      organiserId: null,
      action: 'invitation.exchange',
      entity: 'invitation',
      entityId: invitation.id,
      requestId,
    });
    return { session: { token: session.token, expiresAt: invitation.expires_at.toISOString() } };
  });
}

export async function participation(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
): Promise<Participation> {
  const cycle = await ownCycle(deps, actor, cycleId);
  const now = deps.now();
  const rows = await participationOf(deps.db, cycle.id);
  return {
    anonymous: panelIsAnonymous(cycle.policy),
    evaluators: rows.map((r) => ({
      evaluatorId: r.evaluator_id,
      name: r.name,
      kind: r.kind as Participation['evaluators'][number]['kind'],
      assigned: r.assigned,
      submitted: r.submitted,
      invitation:
        r.expires_at === null
          ? 'none'
          : r.revoked_at
            ? 'revoked'
            : r.exchanged_at
              ? 'opened'
              : r.expires_at <= now
                ? 'expired'
                : 'sent',
      expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    })),
  };
}
