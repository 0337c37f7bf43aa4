import { newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld, rating } from '../citizen/citizen-world.ts';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let admin: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  const passwordHash = await hashPassword('pw');
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'cal.admin',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_staff'],
    login: 'cal.staff',
    passwordHash,
  });
  admin = await signInAs(t, 'cal.admin', 'pw');
  staff = await signInAs(t, 'cal.staff', 'pw');
});
afterAll(() => t.close());

const put = (day: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(`/v1/calendar/days/${day}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('working-day calendar', () => {
  it('is edited by organiser admins, audited, and moves new case deadlines', async () => {
    expect((await put('2026-12-01', { kind: 'holiday', name: '测试假日' }, staff)).status).toBe(403);
    expect((await put('2026-12-01', { kind: 'holiday', name: '测试假日' }, admin)).status).toBe(204);
    expect((await put('2026-12-01', { kind: 'sometimes', name: null }, admin)).status).toBe(400);
    expect((await put('2026-02-30', { kind: 'holiday', name: null }, admin)).status).toBe(400);
    const list = (await (await t.app.request('/v1/calendar?year=2026', { headers: staff })).json()) as {
      days: { day: string }[];
    };
    expect(list.days.map((d) => d.day)).toContain('2026-12-01');
    // Monday 30 Nov + 1 working day would be Tue 1 Dec; with 1 Dec a holiday it is Wed 2 Dec.
    t.setNow(new Date('2026-11-30T02:00:00Z'));
    await t.db
      .updateTable('cycle')
      .set({ policy: { caseDueWorkingDays: 1 } })
      .where('id', '=', w.cycle.id)
      .execute();
    const res = await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(), ...rating({ overall: 1, comment: '日历测试' }) }),
    );
    expect(res.status).toBe(201);
    const c = await t.db
      .selectFrom('negative_rating_case')
      .select('due_on')
      .orderBy('opened_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(c.due_on).toBe('2026-12-02');
    t.setNow(new Date()); // back to the sessions' time
    expect(
      (await t.app.request('/v1/calendar/days/2026-12-01', { method: 'DELETE', headers: admin })).status,
    ).toBe(204);
    expect(
      (await t.app.request('/v1/calendar/days/2026-12-01', { method: 'DELETE', headers: admin })).status,
    ).toBe(404);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'calendar_day')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.set_day', 'calendar.remove_day']);
  });
});
