// Deleting a draft cycle made by mistake, and one cycle per organiser and year.

import { randomUUID } from 'node:crypto';
import { auditPageSchema, cyclesResponseSchema, errorBodySchema } from '@kaimen/contracts';
import { newCategory, newOrganiser, newServicePoint, newStaff, newUnit } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
let organiserId: string;

beforeAll(async () => {
  t = await openTestApp();
  const organiser = await newOrganiser(t.db);
  organiserId = organiser.id;
  const passwordHash = await hashPassword('pw');
  await newStaff(t.db, {
    organisationId: organiser.id,
    roles: ['organiser_admin'],
    login: 'rm.admin',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: organiser.id,
    roles: ['organiser_staff'],
    login: 'rm.staff',
    passwordHash,
  });
  admin = await signInAs(t, 'rm.admin', 'pw');
  staff = await signInAs(t, 'rm.staff', 'pw');
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown, headers = admin) =>
  t.app.request(path, body === undefined ? { method, headers } : { ...json(body, headers), method });
const createCycle = (year: number, extra: Record<string, unknown> = {}) =>
  send('POST', '/v1/cycles', {
    year,
    name: `${year} 年度考评 ${randomUUID().slice(0, 4)}`,
    startsOn: `${year}-01-01`,
    endsOn: `${year}-12-31`,
    ...extra,
  });
const idOf = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
};
const cycleIds = async () =>
  cyclesResponseSchema
    .parse(await (await t.app.request('/v1/cycles', { headers: admin })).json())
    .cycles.map((c) => c.id);
const messageOf = async (res: Response) => errorBodySchema.parse(await res.json()).error.message;

describe('one cycle per organiser and year', () => {
  it('refuses a second cycle of a year with a sentence in zh-CN and English, and writes nothing', async () => {
    await idOf(await createCycle(2030));
    const before = await cycleIds();
    const again = await createCycle(2030);
    expect(again.status).toBe(409);
    const zh = await messageOf(again);
    expect(zh).toMatch(/^2030 年度已有考评周期“2030 年度考评 .{4}”，每个年度只能有一个。/);
    const en = await send(
      'POST',
      '/v1/cycles',
      {
        year: 2030,
        name: 'another',
        startsOn: '2030-01-01',
        endsOn: '2030-12-31',
      },
      { ...admin, 'accept-language': 'en' },
    );
    expect(en.status).toBe(409);
    expect(await messageOf(en)).toMatch(/^2030 already has the cycle/);
    expect(await cycleIds()).toEqual(before);
  });

  it('allows a second cycle of the year when it is named apart, once per name', async () => {
    await idOf(await createCycle(2030, { variant: '专项考评' }));
    const twice = await createCycle(2030, { variant: '专项考评' });
    expect(twice.status).toBe(409);
    expect(await messageOf(twice)).toContain('已有名为“专项考评”的周期');
  });

  it('holds in the database too, whatever the API checks', async () => {
    await expect(
      t.db
        .insertInto('cycle')
        .values({
          organiser_id: organiserId,
          year: 2030,
          name: 'direct',
          starts_on: '2030-01-01',
          ends_on: '2030-12-31',
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('deleting a draft cycle', () => {
  it('deletes an empty draft with its configuration, audited; staff may not', async () => {
    const id = await idOf(await createCycle(2031));
    expect((await send('DELETE', `/v1/cycles/${id}`, undefined, staff)).status).toBe(403);
    expect((await send('DELETE', `/v1/cycles/${id}`)).status).toBe(204);
    expect(await cycleIds()).not.toContain(id);
    const aspects = await t.db
      .selectFrom('rating_aspect')
      .select('code')
      .where('cycle_id', '=', id)
      .execute();
    expect(aspects).toEqual([]);
    const audit = auditPageSchema.parse(
      await (await t.app.request('/v1/audit-log?action=cycle.delete', { headers: admin })).json(),
    );
    expect(audit.items[0]?.before).toMatchObject({ year: 2031, state: 'draft' });
    // The year is free again.
    await idOf(await createCycle(2031));
    expect((await send('DELETE', `/v1/cycles/${id}`)).status).toBe(404);
  });

  it('refuses a draft that has ratings, naming what it has, and keeps it', async () => {
    const id = await idOf(await createCycle(2032));
    const category = await newCategory(t.db, organiserId);
    const unit = await newUnit(t.db, { organiserId, categoryId: category.id });
    const sp = await newServicePoint(t.db, unit.id);
    await t.db
      .insertInto('citizen_rating')
      .values({
        cycle_id: id,
        unit_id: unit.id,
        service_point_id: sp.id,
        source: 'window_qr',
        overall: 5,
        aspect_answers: {},
        idempotency_key: randomUUID(),
      })
      .execute();
    const res = await send('DELETE', `/v1/cycles/${id}`);
    expect(res.status).toBe(409);
    expect(await messageOf(res)).toBe('此周期已有群众评价（1），不能删除。');
    expect(await cycleIds()).toContain(id);
  });

  it('refuses a cycle that has opened and one a later cycle was copied from', async () => {
    const first = await idOf(await createCycle(2033));
    await idOf(await createCycle(2034, { copyFrom: first }));
    const res = await send('DELETE', `/v1/cycles/${first}`);
    expect(res.status).toBe(409);
    expect(await messageOf(res)).toContain('复制自本周期的后续周期（1）');
    await t.db.updateTable('cycle').set({ state: 'closed' }).where('id', '=', first).execute();
    const closed = await send('DELETE', `/v1/cycles/${first}`);
    expect(await messageOf(closed)).toContain('只有草稿状态的周期可以删除');
  });
});
