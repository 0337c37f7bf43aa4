import { randomUUID } from 'node:crypto';
import { decryptPersonal } from '@kaimen/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';
import { citizenWorld, DEVICE_KEY, rating } from './citizen-world.ts';
import { personalKey } from './keys.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
// Tuesday 29 September 2026, 10:00 in China.
const T0 = new Date('2026-09-29T02:00:00Z');
let ipCounter = 0;

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
});
afterAll(() => t.close());
beforeEach(() => t.setNow(T0));

/** Each call comes from its own network unless told otherwise, so limits do not leak between tests. */
const post = (body: unknown, ip = `10.0.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`) =>
  t.app.request('/v1/ratings', json(body, { 'x-forwarded-for': ip }));

/** Opens the form, waits like a person, and submits. */
async function rateLikeAPerson(body: Record<string, unknown>, ip?: string) {
  const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
  const { formToken } = (await form.json()) as { formToken: string };
  t.setNow(new Date(T0.getTime() + 40_000));
  return post({ windowCode: w.code(), formToken, ...body }, ip);
}

const stored = (key: string) =>
  t.db.selectFrom('citizen_rating').selectAll().where('idempotency_key', '=', key).executeTakeFirst();

describe('rating form', () => {
  it('describes the window, unit, cycle and aspects for a valid code', async () => {
    const res = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      servicePoint: { name: string };
      aspects: { code: string }[];
      verified: boolean;
    };
    expect(body.servicePoint.name).toBe('1号窗口');
    expect(body.aspects.map((a) => a.code)).toEqual(['efficiency', 'attitude', 'convenience']);
    expect(body.verified).toBe(false);
  });

  it('refuses a tampered or unknown code with a friendly 404', async () => {
    const good = w.code();
    const at = good.length - 10;
    const tampered = good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1);
    for (const code of [tampered, 'garbage', w.code(1, randomUUID())]) {
      const res = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(code)}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /二维码无效或已停用/,
      );
    }
  });

  it('keeps old posters working after a key rotation until their version is revoked', async () => {
    await t.db.insertInto('qr_key_version').values({ organiser_id: w.organiser.id, version: 2 }).execute();
    expect((await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code(2))}`)).status).toBe(200);
    expect((await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code(1))}`)).status).toBe(200);
    await t.db.updateTable('qr_key_version').set({ revoked_at: T0 }).where('version', '=', 2).execute();
    t.setNow(new Date(T0.getTime() + 60_000)); // past the key-version cache
    expect((await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code(2))}`)).status).toBe(404);
    expect((await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code(1))}`)).status).toBe(200);
  });
});

describe('POST /v1/ratings', () => {
  it('stores a rating and answers only after it is committed', async () => {
    const body = rating();
    const res = await rateLikeAPerson(body);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { ratingId: string; verified: boolean; caseOpened: boolean };
    const row = await stored(body.idempotencyKey);
    expect(String(row?.id)).toBe(answer.ratingId);
    expect(row).toMatchObject({ overall: 5, source: 'window_qr', verified: false, quarantine_state: 'none' });
    expect(row?.aspect_answers).toEqual({ efficiency: 5, attitude: 4 });
  });

  it('stores a retried rating once and answers the same', async () => {
    const body = rating();
    const first = (await (await rateLikeAPerson(body)).json()) as { ratingId: string };
    const again = await post({ windowCode: w.code(), ...body });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () =>
        post({ windowCode: w.code(), ...rating({ idempotencyKey: body.idempotencyKey }) }),
      ),
    );
    expect(
      new Set(
        await Promise.all(concurrent.map(async (r) => ((await r.json()) as { ratingId: string }).ratingId)),
      ),
    ).toEqual(new Set([first.ratingId]));
    const count = await t.db
      .selectFrom('citizen_rating')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idempotency_key', '=', body.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('opens a case with a deadline of 10 working days across the National Day holiday', async () => {
    const body = rating({ overall: 1, comment: '排队两个小时，只开了一个窗口。' });
    const res = await rateLikeAPerson(body);
    expect(((await res.json()) as { caseOpened: boolean }).caseOpened).toBe(true);
    const row = await stored(body.idempotencyKey);
    const c = await t.db
      .selectFrom('negative_rating_case')
      .selectAll()
      .where('rating_id', '=', row!.id)
      .executeTakeFirstOrThrow();
    // 29 Sep + 10 working days: 30 Sep, (1–7 Oct off), 8, 9, 10 (make-up Saturday), 12, 13, 14, 15, 16, 19.
    expect(c.due_on).toBe('2026-10-19');
    expect(c.unit_id).toBe(w.unit.id);
    // A negative rating without a comment, or a satisfied one with a comment, opens no case.
    const quiet = rating({ overall: 2 });
    expect(((await (await rateLikeAPerson(quiet)).json()) as { caseOpened: boolean }).caseOpened).toBe(false);
  });

  it('encrypts a callback phone for a dissatisfied rating and keeps none for a satisfied one', async () => {
    const unhappy = rating({
      overall: 2,
      comment: '材料说明不清楚',
      callback: { phone: '+86 138-0013-8000', consent: true },
    });
    await rateLikeAPerson(unhappy);
    const row = await stored(unhappy.idempotencyKey);
    const contact = await t.db
      .selectFrom('callback_contact')
      .selectAll()
      .where('rating_id', '=', row!.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(contact.phone_encrypted!).includes(Buffer.from('13800138000'))).toBe(false);
    expect(decryptPersonal(personalKey(t.deps.secret), contact.phone_encrypted!)).toBe('13800138000');

    const happy = rating({ overall: 5, callback: { phone: '13800138000', consent: true } });
    await rateLikeAPerson(happy);
    const happyRow = await stored(happy.idempotencyKey);
    const none = await t.db
      .selectFrom('callback_contact')
      .selectAll()
      .where('rating_id', '=', happyRow!.id)
      .executeTakeFirst();
    expect(none).toBeUndefined();
  });
});

describe('anti-stuffing', () => {
  it('limits one browser to 3 ratings of a window per day, with a Chinese 429', async () => {
    const raterId = w.raterId();
    for (let i = 0; i < 3; i++) expect((await rateLikeAPerson(rating({ raterId }))).status).toBe(201);
    const res = await rateLikeAPerson(rating({ raterId }));
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      '您今天已对该窗口评价多次，感谢您的参与！',
    );
    // The next day the same browser may rate again.
    t.setNow(new Date(T0.getTime() + 86_400_000));
    expect((await post({ windowCode: w.code(), ...rating({ raterId }) })).status).toBe(201);
  });

  it('applies the per-network ceiling per minute, then lets the network in again', async () => {
    const ceiling = t.deps.config.RATING_IP_CEILING_PER_MINUTE;
    t.setNow(new Date('2026-09-30T02:00:00Z'));
    const statuses: number[] = [];
    for (let i = 0; i <= ceiling; i++)
      statuses.push(
        (await post({ windowCode: w.code(), ...rating({ overall: 1 + (i % 5), aspects: {} }) }, '192.0.2.7'))
          .status,
      );
    expect(statuses.filter((s) => s === 201)).toHaveLength(ceiling);
    expect(statuses.at(-1)).toBe(429);
    t.setNow(new Date('2026-09-30T02:01:00Z'));
    expect((await post({ windowCode: w.code(), ...rating() }, '192.0.2.7')).status).toBe(201);
  });

  it('quarantines too-fast fills, honeypots and forged form tokens, and keeps them', async () => {
    const tooFast = rating({ comment: '很快' });
    const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
    const { formToken } = (await form.json()) as { formToken: string };
    t.setNow(new Date(T0.getTime() + 1000));
    expect((await post({ windowCode: w.code(), formToken, ...tooFast })).status).toBe(201);
    expect(await stored(tooFast.idempotencyKey)).toMatchObject({
      quarantine_state: 'quarantined',
      quarantine_reason: 'too_fast',
    });

    const bot = rating({ comment: 'bot' });
    await rateLikeAPerson({ ...bot, website: 'http://spam.example' });
    expect(await stored(bot.idempotencyKey)).toMatchObject({
      quarantine_state: 'quarantined',
      quarantine_reason: 'honeypot',
    });

    const forged = rating({ comment: 'forged' });
    await post({ windowCode: w.code(), formToken: '1.x.y', ...forged });
    expect((await stored(forged.idempotencyKey))?.quarantine_reason).toBe('too_fast');
  });

  it('quarantines identical answer sets and bursts at one window, counting only counted ratings', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      t.setNow(new Date('2026-10-08T03:00:00Z'));
      const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
      const { formToken } = (await form.json()) as { formToken: string };
      t.setNow(new Date('2026-10-08T03:00:30Z'));
      const body = rating({ overall: 3, aspects: { efficiency: 3 }, comment: '一般' });
      keys.push(body.idempotencyKey);
      expect((await post({ windowCode: w.code(), formToken, ...body })).status).toBe(201);
    }
    const rows = await t.db
      .selectFrom('citizen_rating')
      .select(['quarantine_state', 'quarantine_reason'])
      .where('idempotency_key', 'in', keys)
      .orderBy('id')
      .execute();
    const limit = t.deps.config.RATING_IDENTICAL_PER_10_MINUTES;
    expect(rows.slice(0, limit).every((r) => r.quarantine_state === 'none')).toBe(true);
    expect(rows.slice(limit).every((r) => r.quarantine_reason?.includes('identical_answers'))).toBe(true);
    expect(rows.at(-1)?.quarantine_reason).toBe('identical_answers');

    // Held ratings do not count towards the burst: 8 counted so far this minute, 22 more fill
    // the window's 30 a minute, and the rest of the burst is held.
    const burst: string[] = [];
    for (let i = 0; i < 25; i++) {
      t.setNow(new Date('2026-10-08T03:00:00Z'));
      const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
      const { formToken } = (await form.json()) as { formToken: string };
      t.setNow(new Date('2026-10-08T03:00:30Z'));
      const body = rating({ comment: `第${i}条` });
      burst.push(body.idempotencyKey);
      expect((await post({ windowCode: w.code(), formToken, ...body })).status).toBe(201);
    }
    const burstRows = await t.db
      .selectFrom('citizen_rating')
      .select('quarantine_reason')
      .where('idempotency_key', 'in', burst)
      .orderBy('id')
      .execute();
    const counted = t.deps.config.RATING_BURST_PER_MINUTE - limit;
    expect(burstRows.slice(0, counted).every((r) => r.quarantine_reason === null)).toBe(true);
    expect(burstRows.slice(counted).every((r) => r.quarantine_reason === 'burst_at_service_point')).toBe(
      true,
    );
  });
});

describe('per-visit codes', () => {
  const issue = () =>
    t.app.request(`/v1/service-points/${w.servicePoint.id}/visits`, {
      method: 'POST',
      headers: { 'x-device-key': DEVICE_KEY },
    });

  it('are issued only to the window device, with a URL and a QR image', async () => {
    const res = await issue();
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; url: string; qrSvg: string };
    expect(body.url).toBe(`http://kaimen.test/r/v/${body.token}`);
    expect(body.qrSvg).toMatch(/^<svg/);
    const denied = await t.app.request(`/v1/service-points/${w.servicePoint.id}/visits`, {
      method: 'POST',
      headers: { 'x-device-key': 'dev_wrong_key_0123456789abcdefgh' },
    });
    expect(denied.status).toBe(401);
  });

  it('make one verified rating, even when many submit at once', async () => {
    const { token } = (await (await issue()).json()) as { token: string };
    // Opening the page does not use the code up.
    expect((await t.app.request(`/v1/rating-form?visit=${token}`)).status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => post({ visitToken: token, ...rating() })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!;
    expect(((await winner.json()) as { verified: boolean }).verified).toBe(true);
    const loser = results.find((r) => r.status === 409)!;
    expect(((await loser.json()) as { error: { message: string } }).error.message).toBe(
      '这个评价码已经使用过了，感谢您的评价！',
    );
    expect((await t.app.request(`/v1/rating-form?visit=${token}`)).status).toBe(409);
  });

  it('expire', async () => {
    const { token } = (await (await issue()).json()) as { token: string };
    t.setNow(new Date(T0.getTime() + (t.deps.config.VISIT_TOKEN_MINUTES + 1) * 60_000));
    const res = await post({ visitToken: token, ...rating() });
    expect(res.status).toBe(410);
  });
});

describe('window rating devices', () => {
  it('post ratings for their own window with their key, stored as device ratings', async () => {
    const body = rating({ comment: 'device' });
    const res = await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(), ...body }, { 'x-device-key': DEVICE_KEY }),
    );
    expect(res.status).toBe(201);
    // No web form to time, so no too-fast quarantine.
    expect(await stored(body.idempotencyKey)).toMatchObject({
      source: 'device',
      device_id: w.deviceId,
      quarantine_state: 'none',
    });
  });

  it('are refused with a wrong key, or for another window', async () => {
    const wrong = await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(), ...rating() }, { 'x-device-key': 'dev_not_a_real_key_0123456789' }),
    );
    expect(wrong.status).toBe(401);
    const otherPoint = await t.db
      .insertInto('service_point')
      .values({ unit_id: w.unit.id, code: 'other-w', name: '其他窗口' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(1, otherPoint.id), ...rating() }, { 'x-device-key': DEVICE_KEY }),
    );
    expect(res.status).toBe(403);
  });
});

describe('bad input gets a clear 4xx and stores nothing', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an answer of 0', { overall: 0 }, /overall/],
    ['an answer of 6', { overall: 6 }, /overall/],
    ['an aspect answer of 6', { aspects: { efficiency: 6 } }, /aspects\.efficiency/],
    ['a 10 KB comment', { comment: '好'.repeat(10_000) }, /comment/],
    ['a wrong type', { overall: '5' }, /overall/],
    ['a bad idempotency key', { idempotencyKey: 'abc' }, /idempotencyKey/],
    [
      'a phone without consent',
      { overall: 1, callback: { phone: '13800138000', consent: false } },
      /callback\.consent/,
    ],
    ['a bad phone', { overall: 1, callback: { phone: '12345', consent: true } }, /callback\.phone/],
  ];
  const total = async () =>
    (
      await t.db
        .selectFrom('citizen_rating')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it.each(cases)('%s', async (_, change, path) => {
    const body = { ...rating(), windowCode: w.code(), ...(change as object) };
    const before = await total();
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = (
      (await res.json()) as {
        error: { code: string; message: string; details: { issues: { path: string }[] } };
      }
    ).error;
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('提交的内容有误，请检查后重试。');
    expect(error.details.issues.map((i) => i.path).join(' ')).toMatch(path);
    expect(await total()).toBe(before);
  });

  it('an unknown aspect', async () => {
    const body = { ...rating({ aspects: { astrology: 5 } }), windowCode: w.code() };
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/未知的评价项目.*astrology/);
    expect(await stored(body.idempotencyKey)).toBeUndefined();
  });

  it('malformed JSON', async () => {
    const res = await t.app.request('/v1/ratings', json('{"overall": 5,'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
  });
});
