// Limits, one-time codes and idempotency live in PostgreSQL, not in process memory: two API
// instances (separate apps, caches and — on a server — separate connection pools) behind a
// "load balancer" that alternates between them must behave exactly like one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';
import { citizenWorld, DEVICE_KEY, rating } from './citizen-world.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let instances: ReturnType<typeof createApp>[];
const T0 = new Date('2026-09-29T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp();
  t.setNow(T0);
  w = await citizenWorld(t);
  // PGlite lives inside one process, so there the second instance shares its handle; on a
  // PostgreSQL server it gets a pool of its own.
  const secondDb = t.config.driver === 'postgres' ? t.reopen() : t.db;
  instances = [t.app, createApp({ ...t.deps, db: secondDb })];
});
afterAll(() => t.close());

/** Sends request i to instance i % 2. */
const balanced = (bodies: unknown[], ip = '198.51.100.1') =>
  Promise.all(
    bodies.map((body, i) => instances[i % 2]!.request('/v1/ratings', json(body, { 'x-forwarded-for': ip }))),
  );

describe('two API instances on one database', () => {
  it('store a rating retried on both instances exactly once', async () => {
    const body = { windowCode: w.code(), ...rating() };
    const responses = await balanced(Array.from({ length: 10 }, () => body));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { ratingId: string }).ratingId)),
    );
    expect(ids.size).toBe(1);
    const rows = await t.db
      .selectFrom('citizen_rating')
      .select('id')
      .where('idempotency_key', '=', body.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('let a one-time visit code be used once across both instances', async () => {
    const issued = await instances[1]!.request(`/v1/service-points/${w.servicePoint.id}/visits`, {
      method: 'POST',
      headers: { 'x-device-key': DEVICE_KEY },
    });
    const { token } = (await issued.json()) as { token: string };
    const responses = await balanced(Array.from({ length: 8 }, () => ({ visitToken: token, ...rating() })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('enforce one daily per-browser limit across both instances', async () => {
    const raterId = w.raterId();
    const responses = await balanced(
      Array.from({ length: 8 }, (_, i) => ({
        windowCode: w.code(),
        ...rating({ raterId, comment: `第${i}条` }),
      })),
      '198.51.100.2',
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(t.deps.config.RATING_DAILY_LIMIT_PER_RATER);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8 - t.deps.config.RATING_DAILY_LIMIT_PER_RATER);
  });
});
