// Every update lands in the audit log with both sides: what the record held before and what
// the request changed, read back through GET /v1/audit-log for each kind of update.
import { auditPageSchema } from '@kaimen/contracts';
import { newStaff, newWorld } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof newWorld>>;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  w = await newWorld(t.db);
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'audit.admin',
    passwordHash: await hashPassword('pw'),
  });
  admin = await signInAs(t, 'audit.admin', 'pw');
});
afterAll(() => t.close());

const send = async (method: string, path: string, body: unknown) => {
  const res = await t.app.request(path, { ...json(body, admin), method });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res;
};
const latest = async (action: string) => {
  const res = await t.app.request(`/v1/audit-log?action=${action}`, { headers: admin });
  const page = auditPageSchema.parse(await res.json());
  const entry = page.items.find((e) => e.action === action);
  expect(entry, action).toBeDefined();
  return entry!;
};

describe('audit before and after', () => {
  it('unit.update', async () => {
    await send('PATCH', `/v1/setup/units/${w.unit.id}`, { name: '新名称' });
    expect(await latest('unit.update')).toMatchObject({
      entityId: w.unit.id,
      before: { name: w.unit.name, categoryId: w.category.id, parentId: null, retired: false },
      after: { name: '新名称' },
    });
    await send('PATCH', `/v1/setup/units/${w.unit.id}`, { retired: true });
    expect(await latest('unit.update')).toMatchObject({
      before: { name: '新名称', retired: false },
      after: { retired: true },
    });
  });

  it('unit_category.update', async () => {
    await send('PATCH', `/v1/setup/categories/${w.category.id}`, { name: '执法类', nameEn: 'Enforcement' });
    expect(await latest('unit_category.update')).toMatchObject({
      entityId: w.category.id,
      before: { name: w.category.name, nameEn: null, retired: false },
      after: { name: '执法类', nameEn: 'Enforcement' },
    });
  });

  it('service_point.update', async () => {
    await send('PATCH', `/v1/setup/service-points/${w.servicePoint.id}`, { name: '2号窗口', kind: 'hall' });
    expect(await latest('service_point.update')).toMatchObject({
      entityId: w.servicePoint.id,
      before: { name: w.servicePoint.name, kind: 'counter', retired: false },
      after: { name: '2号窗口', kind: 'hall' },
    });
  });

  it('service_volume.record (null before the first, the old volume after)', async () => {
    const volume = (v: number) => ({ periodStart: '2026-01-01', periodEnd: '2026-06-30', volume: v });
    await send('PUT', `/v1/setup/service-points/${w.servicePoint.id}/volumes`, volume(100));
    expect(await latest('service_volume.record')).toMatchObject({ before: null, after: volume(100) });
    await send('PUT', `/v1/setup/service-points/${w.servicePoint.id}/volumes`, volume(250));
    expect(await latest('service_volume.record')).toMatchObject({ before: volume(100), after: volume(250) });
  });

  it('cycle.phases and channel_weight.set', async () => {
    const phase = {
      kind: 'year_end_assessment',
      name: '年末考核',
      startsOn: '2026-11-01',
      endsOn: '2026-12-31',
    };
    await send('PUT', `/v1/cycles/${w.cycle.id}/phases`, { phases: [phase] });
    await send('PUT', `/v1/cycles/${w.cycle.id}/phases`, { phases: [{ ...phase, name: '年终考核' }] });
    expect(await latest('cycle.phases')).toMatchObject({
      before: { phases: [phase] },
      after: { phases: [{ ...phase, name: '年终考核' }] },
    });
    await send('PUT', `/v1/cycles/${w.cycle.id}/channel-weights/${w.category.id}`, {
      weights: { citizen: 60, superior: 40 },
    });
    await send('PUT', `/v1/cycles/${w.cycle.id}/channel-weights/${w.category.id}`, {
      weights: { citizen: 70, superior: 30 },
    });
    expect(await latest('channel_weight.set')).toMatchObject({
      before: {
        categoryId: w.category.id,
        weights: [
          { channel: 'citizen', weight: 60 },
          { channel: 'superior', weight: 40 },
        ],
      },
      after: {
        weights: [
          { channel: 'citizen', weight: 70 },
          { channel: 'superior', weight: 30 },
        ],
      },
    });
  });

  it('indicator.update, calendar.set_day and cycle.policy', async () => {
    const created = await send('POST', `/v1/cycles/${w.cycle.id}/indicators`, {
      categoryId: w.category.id,
      code: 'i1',
      name: '服务态度',
      weight: 40,
      kind: 'qualitative',
    });
    const { id } = (await created.json()) as { id: string };
    await send('PATCH', `/v1/indicators/${id}`, { weight: 50 });
    expect(await latest('indicator.update')).toMatchObject({
      before: { name: '服务态度', weight: 40 },
      after: { weight: 50 },
    });
    await send('PUT', '/v1/calendar/days/2026-12-30', { kind: 'holiday', name: '假日' });
    await send('PUT', '/v1/calendar/days/2026-12-30', { kind: 'workday', name: '调休' });
    expect(await latest('calendar.set_day')).toMatchObject({
      before: { kind: 'holiday', name: '假日' },
      after: { kind: 'workday', name: '调休' },
    });
    await send('PUT', `/v1/cycles/${w.cycle.id}/policy`, { policy: { minCitizenSample: 20 } });
    await send('PUT', `/v1/cycles/${w.cycle.id}/policy`, { policy: { minCitizenSample: 25 } });
    expect(await latest('cycle.policy')).toMatchObject({
      before: { minCitizenSample: 20 },
      after: { minCitizenSample: 25 },
    });
  });
});
