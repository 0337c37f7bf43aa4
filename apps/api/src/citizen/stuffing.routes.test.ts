// Ratings that cannot be bought: the window bound ("more ratings than this window serves"),
// the stricter bound without a rater cookie, single-use expiring form tokens, pausing a window,
// deciding a quarantined batch in one action, the alert on windows whose held share jumped, and
// device ratings dated by the device's offline queue.
import { newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { citizenWorld, DEVICE_KEY, rating } from './citizen-world.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let organiser: Record<string, string>;
// Thursday 8 October 2026... is a holiday; Tuesday 13 October 2026, 10:00 in China.
const T0 = new Date('2026-10-13T02:00:00Z');
const HOUR = 3_600_000;
let ip = 0;

// Expected 16 a day (the minimum; the window has no history) over 8 hours = 2 an hour; twice
// that is 4 an hour, one address 2 an hour, without cookie 1 an hour.
const BOUND = {
  minExpectedPerDay: 16,
  multiple: 2,
  serviceHoursPerDay: 8,
  addressShare: 0.5,
  noCookieShare: 0.25,
};

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  await t.db
    .updateTable('cycle')
    .set({ policy: { caseDueWorkingDays: 10, windowBound: BOUND } })
    .where('id', '=', w.cycle.id)
    .execute();
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'org.admin',
    passwordHash: await hashPassword('pw-for-tests'),
  });
});
afterAll(() => t.close());
beforeEach(() => t.setNow(T0));
/** Signs in at the test clock's time (sessions end after 30 idle minutes). */
const signInOrganiser = async () => {
  organiser = await signInAs(t, 'org.admin', 'pw-for-tests');
};

const at = (ms: number) => t.setNow(new Date(T0.getTime() + ms));
const nextIp = () => `10.1.${Math.floor(ip / 250)}.${ip++ % 250}`;

/** Opens the form as a browser with this rater cookie would, waits 40 s and submits. */
async function rateAsPerson(
  opts: {
    raterId?: string | undefined;
    address?: string;
    start?: number;
    body?: Record<string, unknown>;
  } = {},
) {
  const start = opts.start ?? 0;
  at(start);
  const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
  const { formToken } = (await form.json()) as { formToken: string };
  at(start + 40_000);
  const body = { windowCode: w.code(), formToken, ...rating(), ...opts.body, raterId: opts.raterId };
  const res = await t.app.request('/v1/ratings', json(body, { 'x-forwarded-for': opts.address ?? nextIp() }));
  return { res, body };
}

const stateOf = async (key: string) =>
  (await t.db
    .selectFrom('citizen_rating')
    .select(['quarantine_state', 'quarantine_reason', 'verified', 'created_at', 'source'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst()) ?? null;

describe('the window bound', () => {
  it('counts the ratings a window can receive in an hour and quarantines the rest, never dropping them', async () => {
    const states: (string | null)[] = [];
    // A too-fast fill in the same hour is quarantined for that and uses none of the bound.
    const fast = rating();
    await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(), ...fast, raterId: w.raterId() }, { 'x-forwarded-for': nextIp() }),
    );
    expect((await stateOf(fast.idempotencyKey))?.quarantine_reason).toBe('too_fast');
    for (let i = 0; i < 6; i++) {
      const { res, body } = await rateAsPerson({ raterId: w.raterId(), start: i * 60_000 });
      expect(res.status).toBe(201);
      states.push((await stateOf(body.idempotencyKey))?.quarantine_reason ?? 'counted');
    }
    expect(states).toEqual([
      'counted',
      'counted',
      'counted',
      'counted',
      'over_window_volume',
      'over_window_volume',
    ]);
    // The bound slides with the clock: just after the hour the hour before still counts nearly
    // whole (4 at 10:00–10:04, estimated spread over its hour), so at 11:00 one more fits, not four.
    const next: (string | null)[] = [];
    for (const start of [HOUR, HOUR + 60_000]) {
      const { body: b } = await rateAsPerson({ raterId: w.raterId(), start });
      next.push((await stateOf(b.idempotencyKey))?.quarantine_reason ?? 'counted');
    }
    expect(next).toEqual(['counted', 'over_window_volume']);
    // …and an hour on it counts again.
    const { body } = await rateAsPerson({ raterId: w.raterId(), start: 2 * HOUR - 60_000 });
    expect((await stateOf(body.idempotencyKey))?.quarantine_state).toBe('none');
  });

  it('gives one network address only its share of the bound, and a client without a cookie less', async () => {
    const hall = '192.0.2.50';
    const fromHall: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await rateAsPerson({
        raterId: w.raterId(),
        address: hall,
        start: 2 * HOUR + i * 1000,
      });
      fromHall.push((await stateOf(body.idempotencyKey))?.quarantine_reason ?? 'counted');
    }
    expect(fromHall).toEqual(['counted', 'counted', 'over_window_volume']);

    // No cookie, or one the API never signed: one an hour, whatever the address.
    const noCookie: string[] = [];
    for (const raterId of [undefined, 'made-up-browser-id-0123456789', undefined]) {
      const { body } = await rateAsPerson({ raterId, start: 3 * HOUR });
      noCookie.push((await stateOf(body.idempotencyKey))?.quarantine_reason ?? 'counted');
    }
    expect(noCookie).toEqual(['counted', 'over_window_volume', 'over_window_volume']);
  });
});

describe('form tokens', () => {
  it('are taken once: a second rating with the same token is refused and nothing is stored', async () => {
    at(5 * HOUR);
    const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
    const { formToken } = (await form.json()) as { formToken: string };
    at(5 * HOUR + 30_000);
    const first = { windowCode: w.code(), formToken, ...rating(), raterId: w.raterId() };
    expect((await t.app.request('/v1/ratings', json(first))).status).toBe(201);
    // The same rating again (a double tap, a retry) is the same rating, not a reuse.
    const retry = await t.app.request('/v1/ratings', json(first));
    expect(retry.status).toBe(201);
    const reused = { ...first, ...rating() };
    const res = await t.app.request('/v1/ratings', json(reused, { 'x-kaimen-lang': 'en' }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'form_token_used',
      message: expect.stringMatching(/fresh form/),
    });
    expect(await stateOf(reused.idempotencyKey)).toBeNull();
  });

  it('expire after the configured minutes', async () => {
    at(6 * HOUR);
    const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
    const { formToken } = (await form.json()) as { formToken: string };
    at(6 * HOUR + (t.deps.config.RATING_FORM_TOKEN_MINUTES + 1) * 60_000);
    const late = { windowCode: w.code(), formToken, ...rating(), raterId: w.raterId() };
    const res = await t.app.request('/v1/ratings', json(late));
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('form_token_expired');
    expect(await stateOf(late.idempotencyKey)).toBeNull();
  });
});

describe('the rater cookie', () => {
  it('is signed by the API: a valid one is handed back, anything else replaced', async () => {
    const mine = w.raterId();
    const again = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`, {
      headers: { 'x-rater-id': mine },
    });
    expect(((await again.json()) as { raterId: string }).raterId).toBe(mine);
    const made = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`, {
      headers: { 'x-rater-id': 'made-up-browser-id-0123456789' },
    });
    expect(((await made.json()) as { raterId: string }).raterId).not.toBe('made-up-browser-id-0123456789');
  });
});

describe('the organiser', () => {
  it('sees the bound explained and decides a quarantined batch in one action, audited', async () => {
    await signInOrganiser();
    const res = await t.app.request('/v1/quarantine/batches', { headers: organiser });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      batches: { servicePointId: string; day: string; reason: string; count: number }[];
      bounds: Record<string, { hour: number; expectedPerHour: number; basis: string }>;
    };
    expect(body.bounds[w.servicePoint.id]).toMatchObject({ hour: 4, expectedPerHour: 2, basis: 'minimum' });
    const batch = body.batches.find((b) => b.reason === 'over_window_volume');
    expect(batch).toMatchObject({ servicePointId: w.servicePoint.id, day: '2026-10-13' });
    const held = await t.db
      .selectFrom('citizen_rating')
      .select('id')
      .where('quarantine_reason', '=', 'over_window_volume')
      .where('quarantine_state', '=', 'quarantined')
      .execute();
    expect(batch?.count).toBe(held.length);

    const decided = await t.app.request(
      '/v1/quarantine/batches/decision',
      json(
        {
          servicePointId: w.servicePoint.id,
          day: '2026-10-13',
          reason: 'over_window_volume',
          decision: 'release',
          note: '核实为大厅高峰',
        },
        organiser,
      ),
    );
    expect(((await decided.json()) as { decided: number }).decided).toBe(held.length);
    const left = await t.db
      .selectFrom('citizen_rating')
      .select('quarantine_state')
      .where(
        'id',
        'in',
        held.map((h) => h.id),
      )
      .execute();
    expect(left.every((r) => r.quarantine_state === 'released')).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'rating.quarantine_batch_release')
      .executeTakeFirstOrThrow();
    expect((audit.after as { count: number }).count).toBe(held.length);
    // The same batch again: nothing left to decide.
    const again = await t.app.request(
      '/v1/quarantine/batches/decision',
      json(
        {
          servicePointId: w.servicePoint.id,
          day: '2026-10-13',
          reason: 'over_window_volume',
          decision: 'reject',
          note: '重复',
        },
        organiser,
      ),
    );
    expect(again.status).toBe(404);
  });

  it('is alerted to a window whose held share jumped, with the counts by reason', async () => {
    at(8 * HOUR);
    for (let i = 0; i < 6; i++) {
      const fast = rating();
      await t.app.request(
        '/v1/ratings',
        json({ windowCode: w.code(), ...fast }, { 'x-forwarded-for': nextIp() }),
      );
    }
    await signInOrganiser();
    const res = await t.app.request('/v1/quarantine/alerts', { headers: organiser });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as {
      windows: { servicePointId: string; recentHeld: number; reasons: Record<string, number> }[];
    };
    const flagged = body.windows.find((x) => x.servicePointId === w.servicePoint.id);
    expect(flagged?.reasons.too_fast).toBeGreaterThanOrEqual(7);
    expect(flagged?.reasons.over_window_volume).toBeGreaterThanOrEqual(3);
  });

  it('pauses a window: its QR form shows a polite notice, verified ratings go on; resumes; both audited', async () => {
    await signInOrganiser();
    const pause = await t.app.request(
      `/v1/service-points/${w.servicePoint.id}/rating-pause`,
      json({ reason: '疑似刷票，暂停核查' }, organiser),
    );
    expect(pause.status).toBe(200);
    const form = await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`);
    expect(form.status).toBe(423);
    expect(((await form.json()) as { error: { message: string } }).error.message).toMatch(/暂时暂停/);
    const { res } = await rateAsPerson({ raterId: w.raterId(), start: 9 * HOUR });
    expect(res.status).toBe(423);
    at(0);
    const device = await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(), ...rating() }, { 'x-device-key': DEVICE_KEY }),
    );
    expect(device.status).toBe(201);

    const resume = await t.app.request(
      `/v1/service-points/${w.servicePoint.id}/rating-resume`,
      json({}, organiser),
    );
    expect(resume.status, await resume.clone().text()).toBe(200);
    expect((await t.app.request(`/v1/rating-form?code=${encodeURIComponent(w.code())}`)).status).toBe(200);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', w.servicePoint.id)
      .where('action', 'like', 'service_point.rating_%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'service_point.rating_pause',
      'service_point.rating_resume',
    ]);
  });
});

describe('device ratings', () => {
  it('are verified and keep the time the device took them (its offline queue sends later)', async () => {
    at(10 * HOUR);
    const ratedAt = new Date(T0.getTime() + 8 * HOUR).toISOString();
    const body = { windowCode: w.code(), ...rating(), ratedAt };
    const res = await t.app.request('/v1/ratings', json(body, { 'x-device-key': DEVICE_KEY }));
    expect(res.status).toBe(201);
    expect(await stateOf(body.idempotencyKey)).toMatchObject({
      verified: true,
      source: 'device',
      created_at: new Date(ratedAt),
    });
    // Only a device dates its ratings, and not into the future or weeks back.
    expect(
      (await t.app.request('/v1/ratings', json({ windowCode: w.code(), ...rating(), ratedAt }))).status,
    ).toBe(403);
    for (const when of [T0.getTime() + 11 * HOUR, T0.getTime() - 8 * 86_400_000]) {
      const bad = { windowCode: w.code(), ...rating(), ratedAt: new Date(when).toISOString() };
      expect((await t.app.request('/v1/ratings', json(bad, { 'x-device-key': DEVICE_KEY }))).status).toBe(
        400,
      );
    }
  });

  it('rate the visit the queue system created, in place of the phone: verified, and the visit code is used up', async () => {
    at(10 * HOUR);
    const issued = await t.app.request(`/v1/service-points/${w.servicePoint.id}/visits`, {
      method: 'POST',
      headers: { 'x-device-key': DEVICE_KEY },
    });
    const { token } = (await issued.json()) as { token: string };
    const next = await t.app.request(
      `/v1/device/visits/next?after=${encodeURIComponent(new Date(T0.getTime() + 9 * HOUR).toISOString())}`,
      {
        headers: { 'x-device-key': DEVICE_KEY },
      },
    );
    const { visit } = (await next.json()) as { visit: { id: string } };
    const body = { windowCode: w.code(), ...rating(), visitId: visit.id };
    expect((await t.app.request('/v1/ratings', json(body, { 'x-device-key': DEVICE_KEY }))).status).toBe(201);
    expect(await stateOf(body.idempotencyKey)).toMatchObject({ verified: true, source: 'visit_qr' });
    // The citizen's phone can no longer use the code, and the device is not offered it again.
    const phone = await t.app.request('/v1/ratings', json({ visitToken: token, ...rating() }));
    expect(phone.status).toBe(409);
    const again = await t.app.request(
      `/v1/device/visits/next?after=${encodeURIComponent(new Date(T0.getTime() + 9 * HOUR).toISOString())}`,
      {
        headers: { 'x-device-key': DEVICE_KEY },
      },
    );
    expect(((await again.json()) as { visit: unknown }).visit).toBeNull();
  });
});
