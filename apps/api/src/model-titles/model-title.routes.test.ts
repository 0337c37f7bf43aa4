import { modelTitleListSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
let cycleId: string;

beforeAll(async () => {
  t = await openTestApp();
  cycleId = (await seedDemo(t.db, { ratings: 300 })).cycle.id;
  admin = await signInAs(t, 'organiser', 'kaimen-demo-2026');
  staff = await signInAs(t, 'organiser.staff', 'kaimen-demo-2026');
}, 120_000);
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...headers } });

describe('re-review of model units', () => {
  it('keeps one title and delists another with a reason, once per cycle, audited', async () => {
    const { titles } = modelTitleListSchema.parse(
      await (await t.app.request('/v1/model-titles', { headers: staff })).json(),
    );
    expect(titles).toHaveLength(3);
    const [first, second] = titles as [(typeof titles)[number], (typeof titles)[number]];
    expect(
      (
        await post(
          `/v1/model-titles/${first.id}/re-reviews`,
          { cycleId, decision: 'keep', reason: '复查合格' },
          staff,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          `/v1/model-titles/${first.id}/re-reviews`,
          { cycleId, decision: 'keep', reason: '复查合格' },
          admin,
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await post(
          `/v1/model-titles/${first.id}/re-reviews`,
          { cycleId, decision: 'delist', reason: '再次复查' },
          admin,
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await post(
          `/v1/model-titles/${second.id}/re-reviews`,
          { cycleId, decision: 'delist', reason: '' },
          admin,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await post(
          `/v1/model-titles/${second.id}/re-reviews`,
          { cycleId, decision: 'delist', reason: '发生严重违纪问题，予以摘牌' },
          admin,
        )
      ).status,
    ).toBe(204);
    const after = modelTitleListSchema.parse(
      await (await t.app.request('/v1/model-titles', { headers: staff })).json(),
    );
    const byId = new Map(after.titles.map((x) => [x.id, x]));
    expect(byId.get(first.id)).toMatchObject({
      delistedOn: null,
      lastReview: { decision: 'keep', reason: '复查合格' },
    });
    expect(byId.get(second.id)?.delistedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'model_title')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['model_title.keep', 'model_title.delist']);
  });
});
