// Staff sign-in and session lookup. Failed sign-ins are throttled twice: per account (a lock
// after SIGN_IN_MAX_FAILURES) and per client address (SIGN_IN_CLIENT_MAX_FAILURES across all
// accounts, against password spraying). Accounts with TOTP on also need the current code.

import type { SignInRequest, SignInResponse } from '@kaimen/contracts';
import {
  acceptTotpStep,
  failedSignInsFromClient,
  findStaffForSignIn,
  getStaffIdentity,
  insertSession,
  recordFailedSignIn,
  recordSignInAttempt,
  resetFailedSignIns,
  revokeSession,
  touchLiveSession,
} from '@kaimen/db';
import { DUMMY_HASH_PROMISE, decryptPersonal, hashToken, newToken, verifyPassword } from '@kaimen/domain';
import { bucketHash, personalKey } from '../citizen/keys.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { verifyTotp } from './totp.ts';

const CLIENT_THROTTLED = {
  'zh-CN': '当前网络登录失败次数过多，请稍后再试。',
  en: 'Too many failed sign-ins from this network; please try again later.',
};

export async function signIn(
  deps: AppDeps,
  request: SignInRequest,
  clientIp: string,
): Promise<SignInResponse> {
  const { db, config } = deps;
  const now = deps.now();
  const clientHash = Buffer.from(bucketHash(deps.secret, `sign-in:${clientIp}`));
  const windowStart = new Date(now.getTime() - config.SIGN_IN_LOCK_MINUTES * 60_000);
  if ((await failedSignInsFromClient(db, clientHash, windowStart)) >= config.SIGN_IN_CLIENT_MAX_FAILURES)
    throw new AppError('too_many_requests', undefined, CLIENT_THROTTLED);
  const failed = async (userId: string | null, code: 'invalid_credentials' | 'invalid_second_factor') => {
    await recordSignInAttempt(db, { login: request.login, clientHash, succeeded: false, now });
    if (userId)
      await recordFailedSignIn(db, {
        userId,
        maxFailures: config.SIGN_IN_MAX_FAILURES,
        lockMinutes: config.SIGN_IN_LOCK_MINUTES,
        now,
      });
    return new AppError(code);
  };

  const user = await findStaffForSignIn(db, request.login);
  if (!user || user.disabled_at) {
    await verifyPassword(request.password, await DUMMY_HASH_PROMISE);
    throw await failed(null, 'invalid_credentials');
  }
  if (user.locked_until && user.locked_until > now) {
    // The same work and the same answer as a wrong password: a locked account must not be
    // told apart from an unknown login (that would enumerate accounts). The lock is not
    // extended, and even the right password does not get in until it ends.
    await verifyPassword(request.password, user.password_hash);
    throw await failed(null, 'invalid_credentials');
  }
  if (!(await verifyPassword(request.password, user.password_hash)))
    throw await failed(user.id, 'invalid_credentials');
  if (user.totp_secret_encrypted) {
    // Asking for the code is not a failure; a wrong or replayed code is.
    if (!request.otp) throw new AppError('second_factor_required');
    const secret = decryptPersonal(personalKey(deps.secret), user.totp_secret_encrypted);
    const step = verifyTotp(secret, request.otp, now);
    if (step === null || !(await acceptTotpStep(db, user.id, step)))
      throw await failed(user.id, 'invalid_second_factor');
  }
  await resetFailedSignIns(db, user.id);
  await recordSignInAttempt(db, { login: request.login, clientHash, succeeded: true, now });
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
