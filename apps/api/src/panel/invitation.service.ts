// Personal invitation links for the panel: 256-bit tokens shown once and stored hashed.
// Opening a link changes nothing (mail scanners open links); the first POST exchanges it for
// a session, once. A new link for the same person withdraws the old one.
import type { IssuedInvitations, Participation } from '@kaimen/contracts';
import { panelIsAnonymous } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
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
    return {
      invitations: issued.map((i) => ({
        evaluatorId: i.evaluator.id,
        name: i.evaluator.name,
        url: `${deps.config.publicOrigin}/i/${i.token}`,
        expiresAt: expiresAt.toISOString(),
      })),
    };
  });
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
