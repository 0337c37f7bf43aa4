// Links and drafts follow the cycle's state: nothing is issued or drafted that the final submit
// would refuse; a person's link can be reissued or withdrawn alone (audited), and the issued
// links come as CSV too.
import { invitationPreviewSchema, issuedInvitationsSchema, panelHomeSchema } from '@kaimen/contracts';
import { newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld } from '../citizen/citizen-world.ts';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { exchangeFor, panelWorld } from './panel-world.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'state.admin',
    passwordHash: await hashPassword('pw'),
  });
  admin = await signInAs(t, 'state.admin', 'pw');
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = admin) =>
  t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...headers } });
const setState = (state: string) =>
  t.db.updateTable('cycle').set({ state }).where('id', '=', w.cycle.id).execute();
const liveLinks = async (evaluatorId: string) =>
  (
    await t.db
      .selectFrom('invitation')
      .select('id')
      .where('evaluator_id', '=', evaluatorId)
      .where('revoked_at', 'is', null)
      .execute()
  ).length;

describe('links follow the cycle state', () => {
  it('refuses to issue links for a draft or closed cycle, saying why, and issues none', async () => {
    const person = await panelWorld(t, w, { name: '草稿代表' });
    await t.db
      .updateTable('invitation')
      .set({ revoked_at: new Date() })
      .where('evaluator_id', '=', person.evaluatorId)
      .execute();
    try {
      for (const [state, said] of [
        ['draft', /尚未开始（草稿）.*请先开始考评/],
        ['closed', /已截止，不能再生成邀请链接/],
        ['published', /已截止，不能再生成邀请链接/],
      ] as const) {
        await setState(state);
        const res = await post(`/v1/cycles/${w.cycle.id}/invitations`, { validDays: 10 });
        expect(res.status).toBe(409);
        const body = (await res.json()) as { error: { message: string; details: unknown } };
        expect(body.error.message).toMatch(said);
        expect(body.error.details).toEqual({ cycleState: state });
        expect(await liveLinks(person.evaluatorId)).toBe(0);
      }
      const en = await t.app.request(`/v1/cycles/${w.cycle.id}/invitations`, {
        ...json({ validDays: 10 }),
        headers: { ...json({}).headers, ...admin, 'x-kaimen-lang': 'en' },
      });
      expect(((await en.json()) as { error: { message: string } }).error.message).toMatch(/closed/);
    } finally {
      await setState('open');
    }
  });

  it('tells a link’s page the cycle state before anything is used, and refuses drafts once closed', async () => {
    const person = await panelWorld(t, w, { name: '截止代表' });
    const preview = invitationPreviewSchema.parse(
      await (await post('/v1/invitations/preview', { token: person.token }, {})).json(),
    );
    expect(preview).toEqual({ cycle: { name: expect.any(String), state: 'open' }, link: 'valid' });
    const session = await exchangeFor(t, person.token);
    try {
      await setState('closed');
      const previewAfter = invitationPreviewSchema.parse(
        await (await post('/v1/invitations/preview', { token: person.token }, {})).json(),
      );
      expect(previewAfter).toMatchObject({ cycle: { state: 'closed' }, link: 'used' });
      const home = panelHomeSchema.parse(
        await (await t.app.request('/v1/panel', { headers: session })).json(),
      );
      expect(home.cycle.state).toBe('closed');
      const unitId = home.units[0]!.unitId;
      const draft = await t.app.request(`/v1/panel/units/${unitId}/draft`, {
        ...json({ scores: {} }),
        method: 'PUT',
        headers: { ...json({}).headers, ...session },
      });
      expect(draft.status).toBe(409);
      expect(await t.db.selectFrom('panel_draft').select('unit_id').execute()).toEqual([]);
    } finally {
      await setState('open');
    }
    expect((await post('/v1/invitations/preview', { token: 'A'.repeat(43) }, {})).status).toBe(404);
  });
});

describe('per-person links', () => {
  it('reissues one person’s link (the old one stops working) and gives the links as CSV', async () => {
    const person = await panelWorld(t, w, { name: '重发代表' });
    const old = await exchangeFor(t, person.token);
    const res = await post(`/v1/cycles/${w.cycle.id}/invitations`, { evaluatorIds: [person.evaluatorId] });
    expect(res.status).toBe(201);
    const issued = issuedInvitationsSchema.parse(await res.json());
    expect(issued.invitations.map((i) => i.name)).toEqual(['重发代表']);
    expect((await t.app.request('/v1/panel', { headers: old })).status).toBe(410);
    const rows = parse(issued.csv) as string[][];
    expect(rows[0]).toEqual(['姓名 name', '邀请链接 link', '有效期至 expires']);
    expect(rows.slice(1)).toEqual(issued.invitations.map((i) => [i.name, i.url, i.expiresAt]));
  });

  it('withdraws one person’s link: it stops working, its session ends, the write is audited', async () => {
    const person = await panelWorld(t, w, { name: '撤回代表' });
    const other = await panelWorld(t, w, { name: '留用代表' });
    const session = await exchangeFor(t, person.token);
    const staffOnly = await post(
      `/v1/cycles/${w.cycle.id}/invitations/withdraw`,
      { evaluatorIds: [person.evaluatorId] },
      {},
    );
    expect(staffOnly.status).toBe(401);
    const res = await post(`/v1/cycles/${w.cycle.id}/invitations/withdraw`, {
      evaluatorIds: [person.evaluatorId],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ withdrawn: 1 });
    expect((await t.app.request('/v1/panel', { headers: session })).status).toBe(410);
    expect(await liveLinks(person.evaluatorId)).toBe(0);
    expect(await liveLinks(other.evaluatorId)).toBe(1);
    const preview = invitationPreviewSchema.parse(
      await (await post('/v1/invitations/preview', { token: person.token }, {})).json(),
    );
    expect(preview.link).toBe('expired');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('action', '=', 'invitation.withdraw')
      .execute();
    expect(audit).toEqual([
      {
        action: 'invitation.withdraw',
        before: { evaluators: [person.evaluatorId], liveLinks: 1 },
        after: { evaluators: [person.evaluatorId], liveLinks: 0 },
      },
    ]);
    // Someone not on this cycle's roster, or an empty list: refused, nothing withdrawn.
    const stranger = await post(`/v1/cycles/${w.cycle.id}/invitations/withdraw`, {
      evaluatorIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(stranger.status).toBe(404);
    expect((await post(`/v1/cycles/${w.cycle.id}/invitations/withdraw`, { evaluatorIds: [] })).status).toBe(
      400,
    );
    expect(await liveLinks(other.evaluatorId)).toBe(1);
  });
});

describe('the current cycle', () => {
  it('is the open one, and never a newer draft', async () => {
    await t.db
      .insertInto('cycle')
      .values({
        organiser_id: w.organiser.id,
        year: 2099,
        name: '2099 草稿',
        starts_on: '2099-01-01',
        ends_on: '2099-12-31',
      })
      .execute();
    const res = await t.app.request('/v1/cycles', { headers: admin });
    const body = (await res.json()) as { cycles: { id: string; state: string }[]; current: unknown };
    expect(body.cycles[0]?.state).toBe('draft');
    expect(body.current).toEqual({ id: w.cycle.id, reason: 'open' });
  });
});
