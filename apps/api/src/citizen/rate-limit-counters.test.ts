// Limit counters live in the database (shared by every API instance); maintenance forgets those
// of windows closed long ago and never one that still limits.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runMaintenance } from '../maintenance.ts';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';
import { citizenWorld, rating } from './citizen-world.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
});
afterAll(() => t.close());

const DAY = 86_400_000;
// Wednesday 30 September 2026, 23:30 in China: the browser's daily window began 23.5 hours ago.
const T0 = new Date('2026-09-30T15:30:00Z');
const post = (body: unknown) =>
  t.app.request(
    '/v1/ratings',
    json({ windowCode: w.code(), ...(body as object) }, { 'x-forwarded-for': '10.9.9.9' }),
  );
const counters = async () =>
  (await t.db.selectFrom('rate_limit_counter').select(['bucket', 'window_start']).execute()).length;

it('keeps the counters of open windows and deletes those of windows two days gone', async () => {
  const raterId = w.raterId();
  t.setNow(T0);
  for (let i = 0; i < t.deps.config.RATING_DAILY_LIMIT_PER_RATER; i++)
    expect((await post(rating({ raterId }))).status).toBe(201);
  const stored = await counters();
  expect(stored).toBeGreaterThan(0);

  // Twenty minutes later, still inside the daily window: nothing is deleted, the limit holds.
  t.setNow(new Date(T0.getTime() + 20 * 60_000));
  expect((await runMaintenance(t.deps)).countersPruned).toBe(0);
  expect(await counters()).toBe(stored);
  expect((await post(rating({ raterId }))).status).toBe(429);

  const withRefusal = await counters();

  // Two days on, only the counters of the day and the hour (their windows began before T0) are
  // older than two days; the minute's and ten minutes' began at T0.
  const older = (
    await t.db.selectFrom('rate_limit_counter').select('bucket').where('window_start', '<', T0).execute()
  ).length;
  expect(older).toBeGreaterThanOrEqual(1);
  t.setNow(new Date(T0.getTime() + 2 * DAY));
  expect((await runMaintenance(t.deps)).countersPruned).toBe(older);
  // Three days on, every counter of that evening is gone and the browser may rate again.
  t.setNow(new Date(T0.getTime() + 3 * DAY));
  expect((await runMaintenance(t.deps)).countersPruned).toBe(withRefusal - older);
  expect(await counters()).toBe(0);
  expect((await post(rating({ raterId }))).status).toBe(201);
});
