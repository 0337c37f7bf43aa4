import {
  disclosureResponseSchema,
  rectificationDetailSchema,
  rectificationListSchema,
  revisionsResponseSchema,
} from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let organiser: Record<string, string>;
let liaison: Record<string, string>;
let liaisonUnitId: string;
let otherUnitId: string;
const PASSWORD = 'kaimen-demo-2026';

const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 6000 });
  liaisonUnitId = plan.units.find((u) => u.code === 'gov-service-centre')!.id;
  otherUnitId = plan.units.find((u) => u.code === 'tax')!.id;
  organiser = await signInAs(t, 'organiser', PASSWORD);
  liaison = await signInAs(t, 'liaison', PASSWORD);
  await send('POST', `/v1/cycles/${plan.cycle.id}/outcomes`, {}, organiser);
  const { revisions } = revisionsResponseSchema.parse(
    await (await t.app.request(`/v1/cycles/${plan.cycle.id}/outcomes`, { headers: organiser })).json(),
  );
  expect((await send('POST', `/v1/outcomes/${revisions[0]!.id}/publish`, {}, organiser)).status).toBe(204);
}, 120_000);
afterAll(() => t.close());

describe('rectification items', () => {
  it('are opened on publication for every negative-list unit, with the rule that put it there', async () => {
    const { items } = rectificationListSchema.parse(
      await (await t.app.request('/v1/rectification-items', { headers: organiser })).json(),
    );
    const negatives = await t.db
      .selectFrom('unit_outcome')
      .select('unit_id')
      .where('negative_list', '=', true)
      .execute();
    expect(negatives.length).toBeGreaterThan(0);
    for (const n of negatives) {
      expect(
        items.some(
          (i) =>
            i.unit.id === n.unit_id && i.source === 'negative_list' && i.problem.startsWith('列入负面清单'),
        ),
      ).toBe(true);
    }
  });

  it('go manual → answered by the unit → submitted → sent back → closed out, audited', async () => {
    const created = await send(
      'POST',
      '/v1/rectification-items',
      { unitId: liaisonUnitId, problem: '窗口高峰期排队过长', dueOn: '2027-01-31' },
      organiser,
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(
      (await send('POST', '/v1/rectification-items', { unitId: liaisonUnitId, problem: 'x' }, liaison))
        .status,
    ).toBe(403);

    const mine = rectificationListSchema.parse(
      await (await t.app.request('/v1/rectification-items', { headers: liaison })).json(),
    );
    expect(mine.items.every((i) => i.unit.id === liaisonUnitId)).toBe(true);
    expect(mine.items.some((i) => i.id === id)).toBe(true);

    expect(
      (
        await send(
          'PATCH',
          `/v1/rectification-items/${id}`,
          { measures: '增设高峰期弹性窗口', owner: '王科长' },
          liaison,
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await send(
          'POST',
          `/v1/rectification-items/${id}/review`,
          { decision: 'close', note: '尚未提交' },
          organiser,
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await send(
          'PATCH',
          `/v1/rectification-items/${id}`,
          { evidence: '排班表、照片', status: 'submitted' },
          liaison,
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await send(
          'POST',
          `/v1/rectification-items/${id}/review`,
          { decision: 'reopen', note: '请补充群众回访记录' },
          organiser,
        )
      ).status,
    ).toBe(204);
    expect(
      (await send('PATCH', `/v1/rectification-items/${id}`, { status: 'submitted' }, liaison)).status,
    ).toBe(204);
    expect(
      (
        await send(
          'POST',
          `/v1/rectification-items/${id}/review`,
          { decision: 'close', note: '核查属实，予以销号' },
          organiser,
        )
      ).status,
    ).toBe(204);
    const detail = rectificationDetailSchema.parse(
      await (await t.app.request(`/v1/rectification-items/${id}`, { headers: liaison })).json(),
    );
    expect(detail).toMatchObject({
      status: 'closed',
      measures: '增设高峰期弹性窗口',
      owner: '王科长',
      evidence: '排班表、照片',
    });
    expect((await send('PATCH', `/v1/rectification-items/${id}`, { measures: '改' }, liaison)).status).toBe(
      409,
    );
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'rectification.create',
      'rectification.answer',
      'rectification.answer',
      'rectification.reopen',
      'rectification.answer',
      'rectification.close',
    ]);
  });

  it('are out of reach for other units', async () => {
    const created = await send(
      'POST',
      '/v1/rectification-items',
      { unitId: otherUnitId, problem: '别的单位的问题' },
      organiser,
    );
    const { id } = (await created.json()) as { id: string };
    expect((await t.app.request(`/v1/rectification-items/${id}`, { headers: liaison })).status).toBe(404);
    expect((await send('PATCH', `/v1/rectification-items/${id}`, { measures: 'x' }, liaison)).status).toBe(
      404,
    );
    expect(
      (await send('POST', '/v1/rectification-items', { unitId: otherUnitId, problem: '' }, organiser)).status,
    ).toBe(400);
  });
});

describe('public disclosure', () => {
  it('shows published grades, ranks, rectification and suppressed small samples, and nothing personal', async () => {
    const res = await t.app.request('/v1/public/organisers/demo-organiser');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await res.text();
    const body = disclosureResponseSchema.parse(JSON.parse(text));
    const units = body.publication!.categories.flatMap((c) => c.units);
    expect(units).toHaveLength(40);
    const minSample = body.publication!.minSample;
    expect(minSample).toBeGreaterThanOrEqual(10);
    for (const u of units) {
      expect(u.satisfaction === null).toBe(u.withheld !== null);
      if (u.ratings !== null && u.ratings < minSample) expect(u.withheld).toBe('small_sample');
      if (!u.satisfaction) continue;
      // A published share never gives away a count of 1–4 (satisfied or not).
      expect(u.satisfaction.n).toBeGreaterThanOrEqual(minSample);
      const satisfied = Math.round(u.satisfaction.satisfiedShare * u.satisfaction.n);
      for (const count of [satisfied, u.satisfaction.n - satisfied])
        expect(count === 0 || count >= 5).toBe(true);
    }
    expect(units.some((u) => u.satisfaction === null)).toBe(true);
    expect(units.some((u) => u.satisfaction !== null)).toBe(true);
    expect(units.some((u) => u.rectification.total > 0)).toBe(true);
    // No comments, phone numbers or staff names leak into the public page.
    const comments = await t.db
      .selectFrom('citizen_rating')
      .select('comment')
      .where('comment', 'is not', null)
      .limit(20)
      .execute();
    for (const c of comments) expect(text).not.toContain(c.comment as string);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect((await t.app.request('/v1/public/organisers/no-such-office')).status).toBe(404);
  });
});
