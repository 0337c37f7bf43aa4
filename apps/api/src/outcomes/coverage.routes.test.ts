// Coverage warnings on the demo, before computing: each found problem with what the computation
// will do, in the reader's language; organiser roles only, own organiser only.
import { coverageResponseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let organiser: Record<string, string>;
let liaison: Record<string, string>;
let cycleId: string;

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 4000 });
  cycleId = plan.cycle.id;
  organiser = await signInAs(t, 'organiser', 'kaimen-demo-2026');
  liaison = await signInAs(t, 'liaison', 'kaimen-demo-2026');
}, 120_000);
afterAll(() => t.close());

describe('GET /v1/cycles/:id/coverage', () => {
  it('lists what the demo inputs do not reach, each with what the computation does', async () => {
    const res = await t.app.request(`/v1/cycles/${cycleId}/coverage`, { headers: organiser });
    expect(res.status).toBe(200);
    const body = coverageResponseSchema.parse(await res.json());
    const ends = body.warnings.find((w) => w.kind === 'volume_ends_before_ratings');
    // The demo's volumes end in October while ratings run into November.
    expect(ends?.detail).toMatchObject({ volumeUntil: '2026-10-31', rule: 'weighted_by_recorded_volume' });
    expect(ends?.message).toMatch(/服务量记录止于 2026-10-31/);
    expect(ends?.action).toMatch(/沿用该权重/);
    expect(ends?.servicePointName).toBeTruthy();
    for (const w of body.warnings) expect(w.action.length).toBeGreaterThan(4);
    expect(Object.values(body.counts).reduce((a, b) => a + b, 0)).toBe(body.warnings.length);
  });

  it('answers in English when asked, and only to the organiser', async () => {
    const en = coverageResponseSchema.parse(
      await (
        await t.app.request(`/v1/cycles/${cycleId}/coverage`, {
          headers: { ...organiser, 'accept-language': 'en' },
        })
      ).json(),
    );
    expect(en.warnings.find((w) => w.kind === 'volume_ends_before_ratings')?.action).toMatch(
      /weighted by the volume/,
    );
    expect((await t.app.request(`/v1/cycles/${cycleId}/coverage`, { headers: liaison })).status).toBe(403);
    expect(
      (
        await t.app.request('/v1/cycles/00000000-0000-4000-8000-000000000000/coverage', {
          headers: organiser,
        })
      ).status,
    ).toBe(404);
  });
});
