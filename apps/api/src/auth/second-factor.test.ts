import { newOrganiser, newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { totpCode } from './totp.ts';

let t: TestApp;
let organiserId: string;
beforeAll(async () => {
  t = await openTestApp();
  organiserId = (await newOrganiser(t.db)).id;
  const passwordHash = await hashPassword('pw-2fa');
  for (const login of ['two.factor', 'spray.a', 'spray.b'])
    await newStaff(t.db, { organisationId: organiserId, roles: ['organiser_admin'], login, passwordHash });
});
afterAll(() => t.close());

const signIn = (body: Record<string, unknown>, ip = '198.51.100.7') =>
  t.app.request('/v1/auth/sign-in', json(body, { 'x-forwarded-for': ip }));
const failures = async () =>
  (
    await t.db
      .selectFrom('staff_user')
      .select('failed_sign_ins')
      .where('login', '=', 'two.factor')
      .executeTakeFirstOrThrow()
  ).failed_sign_ins;
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('TOTP second factor', () => {
  // Each code is tied to a 30 s step: the test moves the API's clock a step at a time.
  let clock = new Date('2026-11-27T10:00:00Z').getTime();
  const tick = () => {
    clock += 30_000;
    t.setNow(new Date(clock));
    return new Date(clock);
  };
  let secret = '';

  it('is set up with a first code from the app, and stored encrypted', async () => {
    t.setNow(new Date(clock));
    const auth = await signInAs(t, 'two.factor', 'pw-2fa');
    const setup = await t.app.request('/v1/auth/totp/setup', { method: 'POST', headers: auth });
    expect(setup.status).toBe(201);
    const body = (await setup.json()) as { secret: string; uri: string; qrSvg: string };
    secret = body.secret;
    expect(body.uri).toMatch(/^otpauth:\/\/totp\/.*two\.factor\?.*secret=/);
    expect(body.qrSvg).toMatch(/^<svg/);
    // Not on until confirmed: sign-in still works with the password alone.
    expect((await signIn({ login: 'two.factor', password: 'pw-2fa' })).status).toBe(200);

    const wrong = await t.app.request('/v1/auth/totp/enable', json({ code: '000000' }, auth));
    expect(wrong.status).toBe(400);
    const now = tick();
    const enabled = await t.app.request('/v1/auth/totp/enable', json({ code: totpCode(secret, now) }, auth));
    expect(enabled.status).toBe(204);
    const stored = await t.db
      .selectFrom('staff_user')
      .select(['totp_secret_encrypted', 'totp_pending_encrypted'])
      .where('login', '=', 'two.factor')
      .executeTakeFirstOrThrow();
    expect(stored.totp_pending_encrypted).toBeNull();
    expect(Buffer.from(stored.totp_secret_encrypted as Uint8Array).toString('latin1')).not.toContain(secret);
    const me = await t.app.request('/v1/auth/me', { headers: auth });
    expect(((await me.json()) as { totpEnabled: boolean }).totpEnabled).toBe(true);
  });

  it('asks for the code, refuses a wrong or replayed one, accepts the current one', async () => {
    const without = await signIn({ login: 'two.factor', password: 'pw-2fa' });
    expect(without.status).toBe(401);
    expect(await codeOf(without)).toBe('second_factor_required');
    // A wrong password is still just a wrong password: the code is never asked before it.
    expect(await codeOf(await signIn({ login: 'two.factor', password: 'nope', otp: '123456' }))).toBe(
      'invalid_credentials',
    );
    const now = tick();
    const code = totpCode(secret, now);
    const wrongCode = code === '111111' ? '222222' : '111111';
    expect(await codeOf(await signIn({ login: 'two.factor', password: 'pw-2fa', otp: wrongCode }))).toBe(
      'invalid_second_factor',
    );
    // The wrong password and the wrong code both count towards the account lock.
    expect(await failures()).toBe(2);
    const ok = await signIn({ login: 'two.factor', password: 'pw-2fa', otp: code });
    expect(ok.status).toBe(200);
    expect(await failures()).toBe(0);
    // The same code again (seen over a shoulder) is refused, even within its 30 seconds.
    const replay = await signIn({ login: 'two.factor', password: 'pw-2fa', otp: code });
    expect(await codeOf(replay)).toBe('invalid_second_factor');
    expect(await failures()).toBe(1);
    await t.db
      .updateTable('staff_user')
      .set({ failed_sign_ins: 0 })
      .where('login', '=', 'two.factor')
      .execute();
  });

  it('is turned off only with a current code', async () => {
    let now = tick();
    const signedIn = await signIn({ login: 'two.factor', password: 'pw-2fa', otp: totpCode(secret, now) });
    const { session } = (await signedIn.json()) as { session: { token: string } };
    const auth = { authorization: `Bearer ${session.token}` };
    expect((await t.app.request('/v1/auth/totp/disable', json({ code: '12345' }, auth))).status).toBe(400);
    now = tick();
    expect(
      (await t.app.request('/v1/auth/totp/disable', json({ code: totpCode(secret, now) }, auth))).status,
    ).toBe(204);
    expect((await signIn({ login: 'two.factor', password: 'pw-2fa' })).status).toBe(200);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'staff.totp%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'staff.totp_setup',
      'staff.totp_enable',
      'staff.totp_disable',
    ]);
    t.setNow(undefined);
  });
});

describe('sign-in throttling per client', () => {
  it('stops a client that tries many accounts, and not the others', async () => {
    const limit = t.deps.config.SIGN_IN_CLIENT_MAX_FAILURES;
    // Spread over accounts (and unknown logins) so no single account locks first.
    for (let i = 0; i < limit; i++) {
      const login = ['spray.a', 'spray.b', `nobody.${i}`][i % 3] as string;
      await signIn({ login, password: `guess ${i}` }, '203.0.113.9');
      if (i % 2 === 1)
        await t.db.updateTable('staff_user').set({ failed_sign_ins: 0, locked_until: null }).execute();
    }
    const blocked = await signIn({ login: 'spray.a', password: 'pw-2fa' }, '203.0.113.9');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(/当前网络/);
    // Another address is not affected; the attempts are stored as keyed hashes, never addresses.
    expect((await signIn({ login: 'spray.a', password: 'pw-2fa' }, '192.0.2.44')).status).toBe(200);
    const hashes = await t.db.selectFrom('sign_in_attempt').select('client_hash').execute();
    expect(hashes.every((h) => !Buffer.from(h.client_hash).toString('latin1').includes('203.0.113.9'))).toBe(
      true,
    );
  });
});
