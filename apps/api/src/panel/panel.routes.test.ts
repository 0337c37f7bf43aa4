import {
  panelHomeSchema,
  panelUnitSchema,
  participationSchema,
  rosterPreviewSchema,
} from '@kaimen/contracts';
import { newCycle, newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld } from '../citizen/citizen-world.ts';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { exchangeFor, panelWorld } from './panel-world.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let admin: Record<string, string>;
let categoryCode: string;
let unitCode: string;

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'panel.admin',
    passwordHash: await hashPassword('pw'),
  });
  admin = await signInAs(t, 'panel.admin', 'pw');
  categoryCode = (
    await t.db
      .selectFrom('unit_category')
      .select('code')
      .where('id', '=', w.category.id)
      .executeTakeFirstOrThrow()
  ).code;
  unitCode = (
    await t.db.selectFrom('unit').select('code').where('id', '=', w.unit.id).executeTakeFirstOrThrow()
  ).code;
});
afterAll(() => t.close());

const upload = (path: string, content: string | Uint8Array, name = 'roster.csv') => {
  const form = new FormData();
  form.append('file', new File([content], name));
  return t.app.request(path, { method: 'POST', body: form, headers: admin });
};
const evaluatorCount = async () =>
  (
    await t.db
      .selectFrom('evaluator')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('roster import', () => {
  it('names every bad row with its line and reason, and imports nothing', async () => {
    const before = await evaluatorCount();
    const csv = [
      '姓名,身份,工作单位及职务,联系方式,评议类别,评议单位',
      `陈代表,人大代表,某区人大,13800138000,${categoryCode},`,
      `,政协委员,某大学,,${categoryCode},`,
      `刘委员,区长,某局,,${categoryCode},`,
      '赵代表,党代表,,,,no-such-unit',
      `陈代表,人大代表,某区人大,,,${unitCode}`,
    ].join('\r\n');
    const preview = rosterPreviewSchema.parse(
      await (await upload(`/v1/cycles/${w.cycle.id}/roster/preview`, csv)).json(),
    );
    expect(preview.ok).toBe(false);
    expect(preview.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'name'],
      [4, 'kind'],
      [5, 'units'],
      [6, 'name'],
    ]);
    expect(preview.issues[3]?.message).toMatch(/第 2 行重复/);
    const res = await upload(`/v1/cycles/${w.cycle.id}/roster`, csv);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { issues: unknown[] } } };
    expect(body.error.details.issues).toHaveLength(4);
    expect(await evaluatorCount()).toBe(before);
  });

  it('imports a valid CSV with a BOM, assigning by category and by unit, and refuses it twice', async () => {
    const before = await evaluatorCount();
    const csv = `\ufeff姓名,身份,工作单位及职务,联系方式,评议类别,评议单位\r\n孙代表,人大代表,某区人大,138 0013 8000,${categoryCode},\r\n周委员,政协委员,,,,"${unitCode}；${unitCode}"\r\n`;
    const res = await upload(`/v1/cycles/${w.cycle.id}/roster`, csv);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ evaluators: 2, assignments: 2 });
    expect(await evaluatorCount()).toBe(before + 2);
    const stored = await t.db
      .selectFrom('evaluator')
      .select(['contact_encrypted'])
      .where('name', '=', '孙代表')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.contact_encrypted as Uint8Array).toString('utf8')).not.toContain('138');
    const again = await upload(`/v1/cycles/${w.cycle.id}/roster`, csv);
    expect(again.status).toBe(400);
    expect(await evaluatorCount()).toBe(before + 2);
  });

  it('reads XLSX the same way, and refuses a file that is neither', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(['姓名', '身份', '工作单位及职务', '联系方式', '评议类别', '评议单位']);
    sheet.addRow(['吴监察员', '特约监察员', '某企业', 13900139000, '', unitCode]);
    sheet.addRow(['郑代表', '议员', '', '', '', unitCode]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const preview = rosterPreviewSchema.parse(
      await (await upload(`/v1/cycles/${w.cycle.id}/roster/preview`, bytes, 'roster.xlsx')).json(),
    );
    expect(preview.rows.map((r) => r.name)).toEqual(['吴监察员']);
    expect(preview.issues).toEqual([expect.objectContaining({ line: 3, field: 'kind' })]);
    const broken = await upload(
      `/v1/cycles/${w.cycle.id}/roster/preview`,
      new Uint8Array([0x50, 0x4b, 1, 2]),
      'x.xlsx',
    );
    expect(rosterPreviewSchema.parse(await broken.json()).issues[0]?.message).toMatch(/Excel/);
    const none = await t.app.request(`/v1/cycles/${w.cycle.id}/roster`, {
      method: 'POST',
      body: new FormData(),
      headers: admin,
    });
    expect(none.status).toBe(400);
    // A picture renamed .csv is named for what it is, not reported as a missing column.
    const png = await upload(
      `/v1/cycles/${w.cycle.id}/roster/preview`,
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'roster.csv',
    );
    const message = rosterPreviewSchema.parse(await png.json()).issues[0]?.message;
    expect(message).toContain('不是 CSV 或 XLSX 文件');
    expect(message).not.toMatch(/缺少|missing column/);
  });

  it('gives a template with the organiser’s own codes that imports unchanged', async () => {
    const res = await t.app.request('/v1/roster-template.csv', { headers: admin });
    expect(res.status).toBe(200);
    const template = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(template);
    expect(text).toContain(categoryCode);
    expect(text).toContain(unitCode);
    // A cycle of its own, so the people the tests above imported do not collide with the template's.
    const next = await newCycle(t.db, w.organiser.id, 2027);
    const preview = rosterPreviewSchema.parse(
      await (await upload(`/v1/cycles/${next.id}/roster/preview`, template, 'roster-template.csv')).json(),
    );
    expect(preview.issues).toEqual([]);
    const imported = await upload(`/v1/cycles/${next.id}/roster`, template, 'roster-template.csv');
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ evaluators: 2 });
  });
});

describe('invitations', () => {
  it('issues links shown once, exchanged once; reuse, expiry and withdrawal are refused', async () => {
    const res = await t.app.request(`/v1/cycles/${w.cycle.id}/invitations`, {
      ...json({ validDays: 10 }),
      headers: { ...json({}).headers, ...admin },
    });
    expect(res.status).toBe(201);
    const { invitations } = (await res.json()) as {
      invitations: { name: string; url: string; evaluatorId: string }[];
    };
    const sun = invitations.find((i) => i.name === '孙代表')!;
    const token = sun.url.split('/i/')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db
      .selectFrom('invitation')
      .select('token_hash')
      .where('evaluator_id', '=', sun.evaluatorId)
      .execute();
    expect(stored.every((s) => !Buffer.from(s.token_hash).toString('utf8').includes(token))).toBe(true);

    const session = await exchangeFor(t, token);
    expect((await t.app.request('/v1/panel', { headers: session })).status).toBe(200);
    const reuse = await t.app.request('/v1/invitations/exchange', json({ token }));
    expect(reuse.status).toBe(409);
    expect(reuse.headers.get('referrer-policy')).toBe('no-referrer');

    // A new link for the same person withdraws the old one and ends its session.
    const again = await t.app.request(`/v1/cycles/${w.cycle.id}/invitations`, {
      ...json({ evaluatorIds: [sun.evaluatorId] }),
      headers: { ...json({}).headers, ...admin },
    });
    expect(again.status).toBe(201);
    expect((await t.app.request('/v1/panel', { headers: session })).status).toBe(410);

    const late = await panelWorld(t, w, { name: '过期代表', expiresAt: new Date(Date.now() + 1000) });
    t.setNow(new Date(Date.now() + 60_000));
    try {
      expect((await t.app.request('/v1/invitations/exchange', json({ token: late.token }))).status).toBe(410);
    } finally {
      t.setNow(undefined);
    }
    const unknown = await t.app.request('/v1/invitations/exchange', json({ token: 'A'.repeat(43) }));
    expect(unknown.status).toBe(404);
    expect((await t.app.request('/v1/invitations/exchange', json({ token: 'short' }))).status).toBe(400);
  });

  it('lets only one of two simultaneous exchanges through', async () => {
    const { token } = await panelWorld(t, w, { name: '并发代表' });
    const answers = await Promise.all(
      [1, 2].map(() => t.app.request('/v1/invitations/exchange', json({ token }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });
});

describe('rating as a representative', () => {
  let session: Record<string, string>;
  let indicatorIds: string[];
  let evaluatorId: string;
  beforeAll(async () => {
    const p = await panelWorld(t, w, { name: '评议代表' });
    indicatorIds = p.indicatorIds;
    evaluatorId = p.evaluatorId;
    session = await exchangeFor(t, p.token);
  });
  const put = (body: unknown) =>
    t.app.request(`/v1/panel/units/${w.unit.id}/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...session },
      body: JSON.stringify(body),
    });
  const submit = (body: unknown) =>
    t.app.request(`/v1/panel/units/${w.unit.id}/submission`, {
      ...json(body),
      headers: { ...json({}).headers, ...session },
    });

  it('keeps a partial draft to come back to', async () => {
    expect((await put({ scores: { [indicatorIds[0]!]: 11 } })).status).toBe(400);
    expect((await put({ scores: { [indicatorIds[0]!]: 8 }, comment: '窗口服务规范' })).status).toBe(204);
    const unit = panelUnitSchema.parse(
      await (await t.app.request(`/v1/panel/units/${w.unit.id}`, { headers: session })).json(),
    );
    expect(unit.draft).toEqual({ scores: { [indicatorIds[0]!]: 8 }, comment: '窗口服务规范' });
    // A second save: the audit says a draft existed and how much it held, never the scores.
    const both = { [indicatorIds[0]!]: 8, [indicatorIds[1]!]: 7 };
    expect((await put({ scores: both, comment: '窗口服务规范' })).status).toBe(204);
    const drafts = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'panel.draft')
      .where('entity_id', '=', w.unit.id)
      .orderBy('id')
      .execute();
    expect(drafts).toEqual([
      { before: { draft: false, scored: 0 }, after: { draft: true, scored: 1 } },
      { before: { draft: true, scored: 1 }, after: { draft: true, scored: 2 } },
    ]);
    expect((await put({ scores: { [indicatorIds[0]!]: 8 }, comment: '窗口服务规范' })).status).toBe(204);
    expect(unit.indicators.map((i) => i.scaleMax)).toEqual([10, 10]);
    const home = panelHomeSchema.parse(await (await t.app.request('/v1/panel', { headers: session })).json());
    expect(home.units).toEqual([expect.objectContaining({ unitId: w.unit.id, status: 'draft' })]);
  });

  it('submits once: an incomplete ballot is refused, two racing submits store one ballot', async () => {
    expect((await submit({ scores: { [indicatorIds[0]!]: 8 } })).status).toBe(400);
    const full = { scores: { [indicatorIds[0]!]: 8, [indicatorIds[1]!]: 9 }, comment: '总体满意' };
    const answers = await Promise.all([submit(full), submit(full)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const ballots = await t.db
      .selectFrom('panel_ballot')
      .selectAll()
      .where('unit_id', '=', w.unit.id)
      .execute();
    expect(ballots).toHaveLength(1);
    // The cycle's panel is anonymous (the default): the ballot does not name its invitation.
    expect(ballots[0]?.invitation_id).toBeNull();
    expect((await submit(full)).status).toBe(409);
    expect((await put(full)).status).toBe(409);
    const drafts = await t.db
      .selectFrom('panel_draft')
      .selectAll()
      .where('unit_id', '=', w.unit.id)
      .execute();
    expect(drafts).toHaveLength(0);
  });

  it('cannot submit the same unit again through a new link', async () => {
    const res = await t.app.request(`/v1/cycles/${w.cycle.id}/invitations`, {
      ...json({ evaluatorIds: [evaluatorId] }),
      headers: { ...json({}).headers, ...admin },
    });
    const { invitations } = (await res.json()) as { invitations: { url: string }[] };
    session = await exchangeFor(t, invitations[0]!.url.split('/i/')[1]!);
    const home = panelHomeSchema.parse(await (await t.app.request('/v1/panel', { headers: session })).json());
    expect(home.units[0]?.status).toBe('submitted');
    expect((await submit({ scores: { [indicatorIds[0]!]: 1, [indicatorIds[1]!]: 1 } })).status).toBe(409);
  });

  it('shows the organiser who has submitted, not what they gave', async () => {
    const res = await t.app.request(`/v1/cycles/${w.cycle.id}/participation`, { headers: admin });
    const body = participationSchema.parse(await res.json());
    expect(body.anonymous).toBe(true);
    const me = body.evaluators.find((e) => e.name === '评议代表')!;
    expect(me).toMatchObject({ assigned: 1, submitted: 1, invitation: 'opened' });
    expect(body.evaluators.find((e) => e.name === '孙代表')).toMatchObject({ submitted: 0 });
    expect(JSON.stringify(body)).not.toMatch(/score/);
  });

  it('audits every write of the panel, never with the scores', async () => {
    const rows = await t.db.selectFrom('audit_log').select(['action', 'before', 'after']).execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      'roster.import',
      'invitation.issue',
      'invitation.exchange',
      'panel.draft',
      'panel.submit',
    ])
      expect(actions).toContain(action);
    // A draft's entry says only whether a draft existed and how many indicators it scored;
    // a submission's says nothing; neither names an indicator or carries a score.
    const panelRows = rows.filter((r) => r.action.startsWith('panel.'));
    for (const r of panelRows) {
      for (const side of [r.before, r.after]) {
        if (r.action === 'panel.submit') expect(side).toBeNull();
        else expect(Object.keys(side as object).sort()).toEqual(['draft', 'scored']);
      }
      for (const id of indicatorIds) expect(JSON.stringify(r)).not.toContain(id);
    }
  });

  it('links a ballot to its invitation when the cycle says the panel is not anonymous', async () => {
    await t.db
      .updateTable('cycle')
      .set({ policy: { panelAnonymous: false } })
      .where('id', '=', w.cycle.id)
      .execute();
    const p = await panelWorld(t, w, { name: '实名代表' });
    const s = await exchangeFor(t, p.token);
    const res = await t.app.request(`/v1/panel/units/${w.unit.id}/submission`, {
      ...json({ scores: { [p.indicatorIds[0]!]: 7, [p.indicatorIds[1]!]: 7 } }),
      headers: { ...json({}).headers, ...s },
    });
    expect(res.status).toBe(201);
    const named = await t.db
      .selectFrom('panel_ballot')
      .select('invitation_id')
      .where('invitation_id', 'is not', null)
      .execute();
    expect(named).toHaveLength(1);
  });
});
