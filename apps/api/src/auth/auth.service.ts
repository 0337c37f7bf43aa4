// Staff sign-in and session lookup.

import type { SignInRequest, SignInResponse } from '@kaimen/contracts';
import {
  findStaffForSignIn,
  getStaffIdentity,
  insertSession,
  recordFailedSignIn,
  resetFailedSignIns,
  revokeSession,
  touchLiveSession,
} from '@kaimen/db';
import { DUMMY_HASH_PROMISE, hashToken, newToken, verifyPassword } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

const LOCKED = {
  'zh-CN': '登录失败次数过多，账号已暂时锁定，请稍后再试。',
  en: 'Too many failed sign-ins; the account is locked for a while.',
};

export async function signIn(deps: AppDeps, request: SignInRequest): Promise<SignInResponse> {
  const { db, config } = deps;
  const now = deps.now();
  const user = await findStaffForSignIn(db, request.login);
  if (!user || user.disabled_at) {
    await verifyPassword(request.password, await DUMMY_HASH_PROMISE);
    throw new AppError('invalid_credentials');
  }
  if (user.locked_until && user.locked_until > now) {
    throw new AppError('too_many_requests', undefined, LOCKED);
  }
  if (!(await verifyPassword(request.password, user.password_hash))) {
    await recordFailedSignIn(db, {
      userId: user.id,
      maxFailures: config.SIGN_IN_MAX_FAILURES,
      lockMinutes: config.SIGN_IN_LOCK_MINUTES,
      now,
    });
    throw new AppError('invalid_credentials');
  }
  await resetFailedSignIns(db, user.id);
  // A new token at every sign-in: a session id planted before sign-in is never reused.
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3_600_000);
  await insertSession(db, { tokenHash: hash, staffUserId: user.id, expiresAt, now });
  const identity = await getStaffIdentity(db, user.id);
  if (!identity) throw new AppError('invalid_credentials');
  return { session: { token, expiresAt: expiresAt.toISOString() }, user: identity };
}

/** The staff member or the invitation behind a bearer token, if its session is live. */
export async function resolveSession(
  deps: AppDeps,
  token: string,
): Promise<{ staffUserId?: string; invitationId?: string }> {
  const session = await touchLiveSession(deps.db, {
    tokenHash: hashToken(token),
    idleMinutes: deps.config.SESSION_IDLE_MINUTES,
    evaluatorIdleMinutes: deps.config.PANEL_SESSION_IDLE_HOURS * 60,
    now: deps.now(),
  });
  if (session?.staff_user_id) return { staffUserId: session.staff_user_id };
  if (session?.invitation_id) return { invitationId: session.invitation_id };
  return {};
}

export async function signOut(deps: AppDeps, token: string): Promise<void> {
  await revokeSession(deps.db, { tokenHash: hashToken(token), now: deps.now() });
}
