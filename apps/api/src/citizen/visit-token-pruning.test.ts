// One-time visit codes are issued per served visit and most are never scanned; maintenance
// forgets those a week past their expiry, and never a used one (its rating points at it).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runMaintenance } from '../maintenance.ts';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';
import { citizenWorld, DEVICE_KEY, rating } from './citizen-world.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const T0 = new Date('2026-09-21T02:00:00Z');
const at = (ms: number) => t.setNow(new Date(T0.getTime() + ms));
const issue = async () => {
  const res = await t.app.request(`/v1/service-points/${w.servicePoint.id}/visits`, {
    method: 'POST',
    headers: { 'x-device-key': DEVICE_KEY },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
};
const rate = (visitToken: string) =>
  t.app.request('/v1/ratings', json({ visitToken, ...rating() }, { 'x-forwarded-for': '10.8.8.8' }));
const tokens = async () => (await t.db.selectFrom('visit_token').select('id').execute()).length;

it('deletes codes a week after they expired unused, and keeps used ones', async () => {
  at(0);
  const [used, unused, late] = [await issue(), await issue(), await issue()];
  expect((await rate(used)).status).toBe(201);
  const expired = t.deps.config.VISIT_TOKEN_MINUTES * 60_000;

  // Six days after expiry nothing goes, and a late scan is told the code expired.
  at(expired + 6 * DAY);
  expect((await runMaintenance(t.deps)).visitTokensPruned).toBe(0);
  expect(await tokens()).toBe(3);
  expect((await rate(late)).status).toBe(410);

  // Eight days after expiry the two unused codes are gone; the used one and its rating stay.
  at(expired + 8 * DAY);
  expect((await runMaintenance(t.deps)).visitTokensPruned).toBe(2);
  const left = await t.db
    .selectFrom('visit_token as v')
    .innerJoin('citizen_rating as r', 'r.visit_token_id', 'v.id')
    .select(['v.consumed_at', 'r.verified'])
    .execute();
  expect(left).toHaveLength(1);
  expect(left[0]?.verified).toBe(true);
  expect(await tokens()).toBe(1);
  // A forgotten code reads as an invalid one; a used one still says it was used.
  expect((await rate(unused)).status).toBe(404);
  expect((await rate(used)).status).toBe(409);
});
