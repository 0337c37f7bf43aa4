// The petition rule end to end: the petition office's counts become a capped deduction shown with
// its source counts, and a correction of those counts after computing needs a new revision.
import { revisionUnitsResponseSchema } from '@kaimen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opinionWorld } from '../opinions/opinion-world.ts';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';

type World = Awaited<ReturnType<typeof opinionWorld>>;
let t: TestApp;
let world: World;

const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, { ...json(body, headers), method });

beforeAll(async () => {
  t = await openTestApp();
  world = await opinionWorld(t);
  const { w, leaves } = world;
  // The superior channel alone carries the composite: 80 on both leaves (scale 0–10).
  await t.db
    .insertInto('channel_weight')
    .values({ cycle_id: w.cycle.id, category_id: w.category.id, channel: 'superior', weight: 100 })
    .execute();
  const superior = await t.db
    .selectFrom('organisation')
    .select('id')
    .where('code', '=', 'o-superior')
    .executeTakeFirstOrThrow();
  const by = await t.db
    .selectFrom('staff_user')
    .select('id')
    .where('login', '=', 'op.superior')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('indicator_score')
    .values(
      leaves.map((l) => ({
        cycle_id: w.cycle.id,
        unit_id: w.unit.id,
        channel: 'superior',
        source_organisation_id: superior.id,
        indicator_id: l.id,
        score: 8,
        created_by: by.id,
      })),
    )
    .execute();
}, 120_000);
afterAll(() => t.close());

const latest = async () =>
  (
    (await (
      await t.app.request(`/v1/cycles/${world.w.cycle.id}/outcomes`, { headers: world.as.admin })
    ).json()) as {
      revisions: { id: string }[];
    }
  ).revisions[0]!;

describe('petition rule', () => {
  const breakdownOf = async (revisionId: string) => {
    const res = await t.app.request(`/v1/outcomes/${revisionId}/units/${world.w.unit.id}`, {
      headers: world.as.admin,
    });
    const parsed = revisionUnitsResponseSchema.parse(await res.json());
    return { unit: parsed.units[0]!, names: parsed.names! };
  };

  it('rejects a rule whose shares add up beyond the whole composite', async () => {
    const res = await send(
      'PUT',
      `/v1/cycles/${world.w.cycle.id}/policy`,
      {
        policy: {
          spotCheckShare: 0.8,
          petitionRule: { mode: 'indicator', basis: 'count', pointsPer: 1, cap: 5, share: 0.3 },
        },
      },
      world.as.admin,
    );
    expect(res.status).toBe(400);
  });

  it('deducts per verified complaint, capped, with the source counts in the breakdown; a correction needs a new revision', async () => {
    const { w, as } = world;
    const policy = await send(
      'PUT',
      `/v1/cycles/${w.cycle.id}/policy`,
      { policy: { petitionRule: { mode: 'deduction', basis: 'count', pointsPer: 1.5, cap: 4, share: 0 } } },
      as.admin,
    );
    expect(policy.status).toBe(204);
    const opinion = (verified: number) => ({
      unitId: w.unit.id,
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      complaintCount: 5,
      verifiedComplaintCount: verified,
    });
    expect(
      (await send('PUT', `/v1/cycles/${w.cycle.id}/petition-opinions`, opinion(2), as.petition)).status,
    ).toBe(200);

    const first = (await (await send('POST', `/v1/cycles/${w.cycle.id}/outcomes`, {}, as.admin)).json()) as {
      id: string;
      inputsHash: string;
    };
    const before = await breakdownOf(first.id);
    // 80 − 2 × 1.5 = 77.
    expect(before.unit.composite).toBe(77);
    expect(before.unit.breakdown?.petition).toMatchObject({
      complaints: 5,
      verified: 2,
      opinions: 1,
      points: 3,
    });
    expect(before.unit.breakdown?.deductions).toEqual([
      { type: 'petition', count: 2, points: 3, veto: false },
    ]);
    expect(before.names.findingTypes.petition).toMatch(/信访/);

    // The petition office corrects its figures: the stored revision does not change, and computing
    // again is a correction that needs a reason.
    expect(
      (await send('PUT', `/v1/cycles/${w.cycle.id}/petition-opinions`, opinion(4), as.petition)).status,
    ).toBe(200);
    expect((await breakdownOf(first.id)).unit.composite).toBe(77);
    expect((await send('POST', `/v1/cycles/${w.cycle.id}/outcomes`, {}, as.admin)).status).toBe(400);
    const second = (await (
      await send('POST', `/v1/cycles/${w.cycle.id}/outcomes`, { reason: '信访局更正核实件数' }, as.admin)
    ).json()) as { id: string; revision: number; inputsHash: string };
    expect(second.revision).toBe(2);
    expect(second.inputsHash).not.toBe(first.inputsHash);
    const after = await breakdownOf(second.id);
    // 4 × 1.5 = 6, capped at 4: 80 − 4 = 76.
    expect(after.unit.composite).toBe(76);
    expect(after.unit.breakdown?.petition).toMatchObject({ verified: 4, points: 4, capped: true });
  });

  it('says what each interval stands on, on screen and in the export: one superior source is fixed unless the policy assumes an SE', async () => {
    const { as } = world;
    const { unit } = await breakdownOf((await latest()).id);
    const superior = unit.breakdown?.channels.find((c) => c.channel === 'superior');
    expect(superior?.uncertainty).toEqual({ basis: 'fixed', se: 0 });
    expect(unit.intervalBasis).toBe('上级机关评价：固定值，不计抽样误差');
    const csv = await (
      await t.app.request(`/v1/outcomes/${(await latest()).id}/export?format=csv`, { headers: as.admin })
    ).text();
    expect(csv).toContain('区间依据 interval_basis');
    expect(csv).toContain('上级机关评价：固定值，不计抽样误差');
  });
});
