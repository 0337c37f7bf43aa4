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
let units: Map<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 4000 });
  cycleId = plan.cycle.id;
  units = new Map(plan.units.map((u) => [u.code, u.id]));
  organiser = await signInAs(t, 'organiser', 'kaimen-demo-2026');
  liaison = await signInAs(t, 'liaison', 'kaimen-demo-2026');
}, 120_000);
afterAll(() => t.close());

describe('GET /v1/cycles/:id/coverage', () => {
  it('lists every coverage path the demo seeds, each with what the computation does', async () => {
    const res = await t.app.request(`/v1/cycles/${cycleId}/coverage`, { headers: organiser });
    expect(res.status).toBe(200);
    const body = coverageResponseSchema.parse(await res.json());
    const of = (kind: string, unit: string) =>
      body.warnings.filter((w) => w.kind === kind && w.unitId === units.get(unit));
    // psb-vehicles: volumes stop at the end of September while ratings go on into November.
    const ends = of('volume_ends_before_ratings', 'psb-vehicles');
    expect(ends.length).toBeGreaterThan(0);
    expect(ends[0]?.detail).toMatchObject({ volumeUntil: '2026-09-30', rule: 'weighted_by_recorded_volume' });
    expect(ends[0]?.message).toMatch(/服务量记录止于 2026-09-30/);
    expect(ends[0]?.action).toMatch(/沿用该权重/);
    expect(ends[0]?.servicePointName).toBeTruthy();
    // hrss w2 has no volume at all: the unit falls back to rating weights.
    expect(of('window_without_volume', 'hrss')[0]?.action).toMatch(/按评价数加权/);
    // tax w1 has volumes from July only.
    expect(of('window_volume_gap', 'tax')[0]?.detail).toMatchObject({ to: '2026-06-30' });
    // earthquake stays below the minimum citizen sample: its weight is redistributed.
    expect(of('citizen_below_minimum', 'earthquake')[0]).toMatchObject({
      detail: { n: 12, min: 30, rule: 'redistribute' },
    });
    expect(body.warnings.some((w) => w.kind === 'panel_below_min_ballots')).toBe(true);
    // No other window's volumes end before its ratings (they run to November).
    expect(
      body.warnings
        .filter((w) => w.kind === 'volume_ends_before_ratings')
        .every((w) => w.unitId === units.get('psb-vehicles')),
    ).toBe(true);
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
