// Turning the TOTP second factor on and off for one's own account. A new secret waits as
// "pending" until a first code from the app proves it was scanned; only then does sign-in ask
// for codes. Turning it off needs a current code too. Secrets are stored encrypted.
import { appendAudit, findTotpState, setTotpPending, setTotpSecret } from '@kaimen/db';
import { decryptPersonal, encryptPersonal } from '@kaimen/domain';
import QRCode from 'qrcode';
import { personalKey } from '../citizen/keys.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { newTotpSecret, totpUri, verifyTotp } from './totp.ts';

interface Who {
  userId: string;
  organiserId: string;
}

const ALREADY_ON = { 'zh-CN': '两步验证已经开启。', en: 'Two-step verification is already on.' };
const NOT_ON = { 'zh-CN': '两步验证尚未开启。', en: 'Two-step verification is not on.' };
const NO_SETUP = {
  'zh-CN': '请先生成新的密钥，再输入验证码。',
  en: 'Start the setup first, then enter a code.',
};
const WRONG_CODE = {
  issues: [{ path: 'code', message: '验证码不正确，请输入身份验证器中当前显示的 6 位数字 (wrong code)' }],
};

async function stateOf(deps: AppDeps, who: Who) {
  const state = await findTotpState(deps.db, who.userId);
  if (!state) throw new AppError('unauthenticated');
  return state;
}

const audit = (deps: AppDeps, who: Who, action: string, requestId: string) =>
  appendAudit(deps.db, {
    actorKind: 'staff',
    actorId: who.userId,
    organiserId: who.organiserId,
    action,
    entity: 'staff_user',
    entityId: who.userId,
    requestId,
  });

export async function startTotpSetup(deps: AppDeps, who: Who, requestId: string) {
  const state = await stateOf(deps, who);
  if (state.totp_secret_encrypted) throw new AppError('conflict', undefined, ALREADY_ON);
  const secret = newTotpSecret();
  await setTotpPending(deps.db, who.userId, encryptPersonal(personalKey(deps.secret), secret));
  await audit(deps, who, 'staff.totp_setup', requestId);
  const uri = totpUri(secret, state.login);
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
}

export async function enableTotp(deps: AppDeps, who: Who, code: string, requestId: string) {
  const state = await stateOf(deps, who);
  if (state.totp_secret_encrypted) throw new AppError('conflict', undefined, ALREADY_ON);
  if (!state.totp_pending_encrypted) throw new AppError('conflict', undefined, NO_SETUP);
  const secret = decryptPersonal(personalKey(deps.secret), state.totp_pending_encrypted);
  const step = verifyTotp(secret, code, deps.now());
  if (step === null) throw new AppError('validation_failed', WRONG_CODE);
  // The confirming code's step counts as used: it cannot sign anyone in afterwards.
  await setTotpSecret(deps.db, who.userId, state.totp_pending_encrypted, step);
  await audit(deps, who, 'staff.totp_enable', requestId);
}

export async function disableTotp(deps: AppDeps, who: Who, code: string, requestId: string) {
  const state = await stateOf(deps, who);
  if (!state.totp_secret_encrypted) throw new AppError('conflict', undefined, NOT_ON);
  const secret = decryptPersonal(personalKey(deps.secret), state.totp_secret_encrypted);
  const step = verifyTotp(secret, code, deps.now());
  if (step === null || (state.totp_last_step !== null && step <= state.totp_last_step))
    throw new AppError('validation_failed', WRONG_CODE);
  await setTotpSecret(deps.db, who.userId, null, null);
  await audit(deps, who, 'staff.totp_disable', requestId);
}
