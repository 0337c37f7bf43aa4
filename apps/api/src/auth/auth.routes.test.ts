import { newOrganiser } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  const org = await newOrganiser(t.db);
  const user = await t.db
    .insertInto('staff_user')
    .values({
      organisation_id: org.id,
      login: 'organiser',
      display_name: '考评办管理员',
      password_hash: await hashPassword('correct horse'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('staff_role').values({ staff_user_id: user.id, role: 'organiser_admin' }).execute();
});
afterAll(() => t.close());

describe('staff sign-in', () => {
  it('signs in, resolves the session, and signs out', async () => {
    const res = await t.app.request(
      '/v1/auth/sign-in',
      json({ login: 'Organiser', password: 'correct horse' }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { session: { token: string }; user: { roles: string[] } };
    expect(body.user.roles).toEqual(['organiser_admin']);
    expect(body.session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${body.session.token}` };

    const me = await t.app.request('/v1/auth/me', { headers: auth });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { displayName: string }).displayName).toBe('考评办管理员');

    // Only the hash is stored.
    const stored = await t.db.selectFrom('session').select('token_hash').execute();
    expect(stored.map((s) => Buffer.from(s.token_hash).toString('base64url'))).not.toContain(
      body.session.token,
    );

    expect((await t.app.request('/v1/auth/sign-out', { method: 'POST', headers: auth })).status).toBe(204);
    expect((await t.app.request('/v1/auth/me', { headers: auth })).status).toBe(401);
  });

  it('expires an idle session', async () => {
    const res = await t.app.request(
      '/v1/auth/sign-in',
      json({ login: 'organiser', password: 'correct horse' }),
    );
    const { session } = (await res.json()) as { session: { token: string } };
    t.setNow(new Date(Date.now() + 31 * 60_000));
    const me = await t.app.request('/v1/auth/me', { headers: { authorization: `Bearer ${session.token}` } });
    t.setNow(new Date());
    expect(me.status).toBe(401);
  });

  it('answers a wrong password and an unknown login the same way, in Chinese by default', async () => {
    const wrong = await t.app.request('/v1/auth/sign-in', json({ login: 'organiser', password: 'nope' }));
    const unknown = await t.app.request('/v1/auth/sign-in', json({ login: 'nobody', password: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(
      await (await t.app.request('/v1/auth/sign-in', json({ login: 'nobody', password: 'x' }))).json(),
    ).toEqual({
      error: {
        code: 'invalid_credentials',
        message: '账号或密码不正确。连续多次失败后账号会暂时锁定，请稍后再试。',
      },
    });
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      await t.app.request('/v1/auth/sign-in', json({ login: 'organiser', password: `bad ${i}` }));
    }
    const res = await t.app.request(
      '/v1/auth/sign-in',
      json({ login: 'organiser', password: 'correct horse' }),
    );
    // Locked: the same 401 and body as an unknown login, so accounts cannot be enumerated.
    expect(res.status).toBe(401);
    const unknown = await t.app.request('/v1/auth/sign-in', json({ login: 'nobody', password: 'nope' }));
    expect(await res.json()).toEqual(await unknown.json());
    await t.db.updateTable('staff_user').set({ locked_until: null, failed_sign_ins: 0 }).execute();
  });

  it('takes about as long for an unknown login, a wrong password and a locked account', async () => {
    const median = async (login: string, password: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const res = await t.app.request(
          '/v1/auth/sign-in',
          json({ login, password }, { 'x-forwarded-for': `203.0.113.${i + 50}` }),
        );
        times.push(performance.now() - t0);
        expect(res.status).toBe(401);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    const unknown = await median('nobody.at.all', 'nope');
    const wrong = await median('organiser', 'nope');
    await t.db
      .updateTable('staff_user')
      .set({ locked_until: new Date(Date.now() + 3_600_000) })
      .where('login', '=', 'organiser')
      .execute();
    const locked = await median('organiser', 'correct horse');
    await t.db.updateTable('staff_user').set({ locked_until: null, failed_sign_ins: 0 }).execute();
    // All three hash the password (scrypt dominates); a missing hash would be ~10× faster.
    const times = [unknown, wrong, locked];
    expect(Math.max(...times) / Math.min(...times), JSON.stringify(times)).toBeLessThan(2.5);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400 and a clear message', async () => {
    const res = await t.app.request('/v1/auth/sign-in', json('{"login": '));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'malformed_json', message: '请求内容不是有效的 JSON。' },
    });
  });

  it('names each invalid field, in English when asked', async () => {
    const res = await t.app.request(
      '/v1/auth/sign-in',
      json({ login: 42, password: '' }, { 'accept-language': 'en-GB,en;q=0.9' }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: { issues: { path: string; message: string }[] } };
    };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('The request is not valid; please check it.');
    expect(body.error.details.issues.map((i) => i.path)).toEqual(['login', 'password']);
    // The catalogue's sentences, naming each field by its label.
    expect(body.error.details.issues.map((i) => i.message)).toEqual([
      'Login: enter text',
      'Password: required',
    ]);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await t.app.request(
      '/v1/auth/sign-in',
      json({ login: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers unknown routes with the JSON error body', async () => {
    const res = await t.app.request('/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: '找不到请求的内容。' } });
  });
});
