import { newServicePoint, newStaff, newUnit, newUnitOrganisation } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld, rating } from '../citizen/citizen-world.ts';
import { runMaintenance } from '../maintenance.ts';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let as: Record<'liaison' | 'otherLiaison' | 'organiser' | 'staff' | 'petition', Record<string, string>>;
let caseId: string;
let ratingId: string;
const T0 = new Date('2026-09-29T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp();
  t.setNow(T0);
  w = await citizenWorld(t);
  const passwordHash = await hashPassword('pw-for-tests');
  const unitOrg = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id });
  const otherUnit = await newUnit(t.db, {
    organiserId: w.organiser.id,
    categoryId: w.category.id,
    name: '另一个单位',
  });
  await newServicePoint(t.db, otherUnit.id);
  const otherOrg = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: otherUnit.id });
  const petitionOrg = await t.db
    .insertInto('organisation')
    .values({ kind: 'petition_office', organiser_id: w.organiser.id, code: 'petition-x', name: '信访局' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await newStaff(t.db, {
    organisationId: unitOrg.id,
    roles: ['unit_liaison'],
    login: 'liaison.a',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: otherOrg.id,
    roles: ['unit_liaison'],
    login: 'liaison.b',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'org.admin',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_staff'],
    login: 'org.staff',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: petitionOrg.id,
    roles: ['petition_officer'],
    login: 'petition.a',
    passwordHash,
  });
  as = {
    liaison: await signInAs(t, 'liaison.a', 'pw-for-tests'),
    otherLiaison: await signInAs(t, 'liaison.b', 'pw-for-tests'),
    organiser: await signInAs(t, 'org.admin', 'pw-for-tests'),
    staff: await signInAs(t, 'org.staff', 'pw-for-tests'),
    petition: await signInAs(t, 'petition.a', 'pw-for-tests'),
  };
  const res = await t.app.request(
    '/v1/ratings',
    json({
      windowCode: w.code(),
      ...rating({ overall: 1, comment: '等了两个小时', callback: { phone: '13912345678', consent: true } }),
    }),
  );
  ratingId = ((await res.json()) as { ratingId: string }).ratingId;
  const list = await t.app.request('/v1/cases', { headers: as.liaison });
  caseId = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
});
afterAll(() => t.close());

const act = (who: Record<string, string>, body: unknown) =>
  t.app.request(`/v1/cases/${caseId}/actions`, { ...json(body), headers: { ...json(body).headers, ...who } });

describe('negative-rating cases', () => {
  it('are listed for their unit and the organiser, and for nobody else', async () => {
    const mine = (await (await t.app.request('/v1/cases', { headers: as.liaison })).json()) as {
      items: { id: string; dueOn: string }[];
    };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]?.dueOn).toBe('2026-10-19');
    const other = (await (await t.app.request('/v1/cases', { headers: as.otherLiaison })).json()) as {
      items: unknown[];
    };
    expect(other.items).toHaveLength(0);
    expect((await t.app.request(`/v1/cases/${caseId}`, { headers: as.otherLiaison })).status).toBe(404);
    expect((await t.app.request('/v1/cases', { headers: as.petition })).status).toBe(403);
    expect((await t.app.request('/v1/cases')).status).toBe(401);
    const organiser = (await (await t.app.request('/v1/cases', { headers: as.organiser })).json()) as {
      items: unknown[];
    };
    expect(organiser.items).toHaveLength(1);
  });

  it('show the phone only to the handling unit, and audit that it was seen', async () => {
    const forUnit = (await (await t.app.request(`/v1/cases/${caseId}`, { headers: as.liaison })).json()) as {
      callbackPhone: string | null;
    };
    expect(forUnit.callbackPhone).toBe('13912345678');
    const forOrganiser = (await (
      await t.app.request(`/v1/cases/${caseId}`, { headers: as.organiser })
    ).json()) as { callbackPhone: string | null };
    expect(forOrganiser.callbackPhone).toBeNull();
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'case.view_phone')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(caseId);
  });

  it('move open → verifying → replied → closed, refusing steps out of order', async () => {
    expect((await act(as.liaison, { action: 'close' })).status).toBe(409);
    expect((await act(as.organiser, { action: 'verify', text: '核实中' })).status).toBe(403);
    expect((await act(as.liaison, { action: 'verify', text: '已调取监控核实，情况属实。' })).status).toBe(
      200,
    );
    expect(
      (await act(as.liaison, { action: 'log_callback', text: '已电话回访，群众表示理解。' })).status,
    ).toBe(200);
    expect((await act(as.liaison, { action: 'reply', text: '已增开窗口并向群众致歉。' })).status).toBe(200);
    const bad = await act(as.liaison, { action: 'reply', text: '' });
    expect(bad.status).toBe(400);
    expect((await act(as.organiser, { action: 'close' })).status).toBe(200);
    const detail = (await (await t.app.request(`/v1/cases/${caseId}`, { headers: as.liaison })).json()) as {
      state: string;
      callbackNote: string;
      reply: string;
    };
    expect(detail).toMatchObject({
      state: 'closed',
      callbackNote: '已电话回访，群众表示理解。',
      reply: '已增开窗口并向群众致歉。',
    });
    const steps = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', caseId)
      .where('action', '<>', 'case.view_phone')
      .orderBy('id')
      .execute();
    expect(steps.map((s) => s.action)).toEqual([
      'case.verify',
      'case.log_callback',
      'case.reply',
      'case.close',
    ]);
  });

  it('erase the phone once the case has been closed for the retention period', async () => {
    const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);
    t.setNow(days(10));
    expect((await runMaintenance(t.deps)).phonesErased).toBe(0);
    t.setNow(days(t.deps.config.PHONE_RETENTION_DAYS + 1));
    expect((await runMaintenance(t.deps)).phonesErased).toBe(1);
    t.setNow(T0);
    const detail = (await (await t.app.request(`/v1/cases/${caseId}`, { headers: as.liaison })).json()) as {
      callbackPhone: string | null;
      phoneErased: boolean;
    };
    expect(detail).toMatchObject({ callbackPhone: null, phoneErased: true });
  });
});

describe('organiser moderation', () => {
  it('marks a rating malicious (admins only), audited', async () => {
    const path = `/v1/ratings/${ratingId}/malicious`;
    const body = { reason: '同一人反复恶意差评' };
    expect(
      (await t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...as.liaison } }))
        .status,
    ).toBe(403);
    expect(
      (await t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...as.staff } })).status,
    ).toBe(403);
    expect(
      (await t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...as.organiser } }))
        .status,
    ).toBe(204);
    const row = await t.db
      .selectFrom('citizen_rating')
      .select('malicious')
      .where('id', '=', Number(ratingId))
      .executeTakeFirstOrThrow();
    expect(row.malicious).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'rating.mark_malicious')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ reason: '同一人反复恶意差评' });
  });

  it('releases or rejects quarantined ratings with a reason, once', async () => {
    const bot = rating({ comment: 'quarantine me', website: 'spam' });
    await t.app.request('/v1/ratings', json({ windowCode: w.code(), ...bot }));
    const queue = (await (await t.app.request('/v1/quarantine', { headers: as.staff })).json()) as {
      items: { id: string; reason: string }[];
    };
    const item = queue.items.find((r) => r.reason?.includes('honeypot'))!;
    expect(item).toBeDefined();
    const decide = (body: unknown) =>
      t.app.request(`/v1/ratings/${item.id}/quarantine-decision`, {
        ...json(body),
        headers: { ...json(body).headers, ...as.staff },
      });
    expect((await decide({ decision: 'release', reason: '核实为真实群众评价' })).status).toBe(204);
    expect((await decide({ decision: 'reject', reason: '重复提交' })).status).toBe(409);
    const row = await t.db
      .selectFrom('citizen_rating')
      .select('quarantine_state')
      .where('id', '=', Number(item.id))
      .executeTakeFirstOrThrow();
    expect(row.quarantine_state).toBe('released');
    expect((await t.app.request('/v1/quarantine', { headers: as.liaison })).status).toBe(403);
  });

  it('show a comment scrubbed in every list and to the organiser; as written only to the handling unit', async () => {
    const said = '窗口张建国态度差，我车牌粤B·D12345，电话 139 1234 5678，身份证110101199003074514';
    await t.app.request(
      '/v1/ratings',
      json({ windowCode: w.code(), ...rating({ overall: 1, comment: said }) }),
    );
    const bot = rating({ overall: 1, comment: `${said}（隔离）`, website: 'spam' });
    await t.app.request('/v1/ratings', json({ windowCode: w.code(), ...bot }));
    const leaks = (text: string | null) =>
      ['张建国', 'D12345', '1234 5678', '110101199003074514'].filter((s) => text?.includes(s));
    for (const who of [as.liaison, as.organiser]) {
      const { items: cases } = (await (await t.app.request('/v1/cases', { headers: who })).json()) as {
        items: { id: string; comment: string | null }[];
      };
      const mine = cases.find((c) => c.comment?.startsWith('窗口') && !c.comment.endsWith('（隔离）'))!;
      expect(mine.comment).toBe('窗口[姓名]态度差，我车牌[车牌]，电话 [手机号]，身份证[身份证号]');
      const forOrganiser = (await (
        await t.app.request(`/v1/cases/${mine.id}`, { headers: as.organiser })
      ).json()) as {
        comment: string;
      };
      expect(leaks(forOrganiser.comment)).toEqual([]);
      const forUnit = (await (
        await t.app.request(`/v1/cases/${mine.id}`, { headers: as.liaison })
      ).json()) as {
        comment: string;
      };
      expect(forUnit.comment).toBe(said);
    }
    const queue = (await (await t.app.request('/v1/quarantine', { headers: as.staff })).json()) as {
      items: { comment: string | null }[];
    };
    const held = queue.items.find((r) => r.comment?.endsWith('（隔离）'))!;
    expect(held).toBeDefined();
    expect(leaks(held.comment)).toEqual([]);
  });
});
