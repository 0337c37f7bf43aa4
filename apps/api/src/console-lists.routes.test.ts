// The console's long lists over HTTP: cases and held ratings a page at a time with totals,
// filters and sorting; one decision for many held ratings (ticked or all matching), in one
// transaction and audited per rating; comments scrubbed for everyone but the handling unit;
// the audit log paged, filtered and showing names and changed fields instead of ids.
import { randomUUID } from 'node:crypto';
import {
  newServicePoint,
  newStaff,
  newUnit,
  newUnitOrganisation,
  newWorld,
  ratingValues,
} from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof newWorld>>;
let other: { unitId: string; servicePointId: string };
let as: Record<'organiser' | 'liaison' | 'otherLiaison', Record<string, string>>;
let liaisonId: string;
const T0 = new Date('2026-10-20T02:00:00Z'); // China day 2026-10-20
const PHONE = '13812345678';

/** A rating (negative, with a comment) at a unit, and optionally its case. */
async function seedRating(opts: {
  unitId: string;
  servicePointId: string;
  comment?: string | null;
  held?: string;
  createdAt: Date;
}) {
  const row = await t.db
    .insertInto('citizen_rating')
    .values({
      ...ratingValues(w),
      unit_id: opts.unitId,
      service_point_id: opts.servicePointId,
      overall: 1,
      comment: opts.comment ?? null,
      idempotency_key: randomUUID(),
      created_at: opts.createdAt,
      ...(opts.held ? { quarantine_state: 'quarantined', quarantine_reason: opts.held } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

beforeAll(async () => {
  t = await openTestApp();
  t.setNow(T0);
  w = await newWorld(t.db);
  const unitB = await newUnit(t.db, {
    organiserId: w.organiser.id,
    categoryId: w.category.id,
    name: '市场监管局',
  });
  const spB = await newServicePoint(t.db, unitB.id, '登记窗口');
  other = { unitId: unitB.id, servicePointId: spB.id };
  const passwordHash = await hashPassword('pw');
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'org',
    passwordHash,
  });
  const orgA = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id });
  liaisonId = (
    await newStaff(t.db, {
      organisationId: orgA.id,
      roles: ['unit_liaison'],
      login: 'liaison.a',
      passwordHash,
    })
  ).id;
  const orgB = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: unitB.id });
  await newStaff(t.db, {
    organisationId: orgB.id,
    roles: ['unit_liaison'],
    login: 'liaison.b',
    passwordHash,
  });
  as = {
    organiser: await signInAs(t, 'org', 'pw'),
    liaison: await signInAs(t, 'liaison.a', 'pw'),
    otherLiaison: await signInAs(t, 'liaison.b', 'pw'),
  };
  // 45 cases: 30 at unit A (10 overdue, 15 open in time, 5 closed), 15 at unit B (5 overdue).
  const cases = [];
  for (let i = 0; i < 45; i++) {
    const atA = i < 30;
    const k = atA ? i : i - 30;
    const overdue = atA ? k < 10 : k < 5;
    const closed = atA && k >= 25;
    const comment = i === 3 ? `等了很久，请回电 ${PHONE}，或 138 1234 5678` : `第 ${i} 条差评`;
    const ratingId = await seedRating({
      unitId: atA ? w.unit.id : other.unitId,
      servicePointId: atA ? w.servicePoint.id : other.servicePointId,
      comment,
      createdAt: day(-40 + i),
    });
    cases.push({
      rating_id: Number(ratingId),
      unit_id: atA ? w.unit.id : other.unitId,
      opened_at: day(-40 + i),
      due_on: (overdue ? day(-1 - (i % 7)) : day(1 + (i % 9))).toISOString().slice(0, 10),
      state: closed ? 'closed' : 'open',
      closed_at: closed ? day(-1) : null,
    });
  }
  await t.db.insertInto('negative_rating_case').values(cases).execute();
});
afterAll(() => t.close());

const get = async (path: string, who: Record<string, string>) => {
  const res = await t.app.request(path, { headers: who });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items: never[] } };
};
type CaseItem = {
  id: string;
  dueOn: string;
  overdue: boolean;
  openedAt: string;
  state: string;
  comment: string;
};

describe('case list', () => {
  it('pages with a total, each case on exactly one page, and clamps a page past the end', async () => {
    const seen = new Set<string>();
    for (const page of [1, 2, 3]) {
      const { body } = await get(`/v1/cases?page=${page}&pageSize=20`, as.organiser);
      expect(body).toMatchObject({ total: 45, page, pageSize: 20 });
      for (const c of body.items as CaseItem[]) seen.add(c.id);
      expect(body.items).toHaveLength(page < 3 ? 20 : 5);
    }
    expect(seen.size).toBe(45);
    expect((await get('/v1/cases?page=99&pageSize=20', as.organiser)).body).toMatchObject({
      page: 3,
      total: 45,
    });
    // Default page size 20, capped at 100.
    expect((await get('/v1/cases', as.organiser)).body).toMatchObject({ pageSize: 20, page: 1 });
    for (const bad of ['pageSize=101', 'page=0', 'state=lost', 'overdue=maybe', 'sort=name', 'unitId=x'])
      expect((await get(`/v1/cases?${bad}`, as.organiser)).status, bad).toBe(400);
  });

  it('filters by unit, state and overdue, and sorts by deadline or by creation', async () => {
    const byUnit = await get(`/v1/cases?unitId=${other.unitId}&pageSize=100`, as.organiser);
    expect(byUnit.body.total).toBe(15);
    const overdue = await get('/v1/cases?overdue=true&pageSize=100', as.organiser);
    expect(overdue.body.total).toBe(15);
    expect((overdue.body.items as CaseItem[]).every((c) => c.overdue && c.dueOn < '2026-10-20')).toBe(true);
    expect((await get(`/v1/cases?overdue=true&unitId=${w.unit.id}`, as.organiser)).body.total).toBe(10);
    expect((await get('/v1/cases?overdue=false', as.organiser)).body.total).toBe(30);
    expect((await get('/v1/cases?state=closed', as.organiser)).body.total).toBe(5);
    // Deadline: overdue first, then the nearest deadline; closed ones last.
    const byDeadline = (await get('/v1/cases?pageSize=100', as.organiser)).body.items as CaseItem[];
    expect(byDeadline.slice(0, 15).every((c) => c.overdue)).toBe(true);
    const open = byDeadline.slice(15).filter((c) => c.state !== 'closed');
    expect(open.map((c) => c.dueOn)).toEqual(open.map((c) => c.dueOn).sort());
    expect(byDeadline.slice(-5).every((c) => c.state === 'closed')).toBe(true);
    const byCreated = (await get('/v1/cases?sort=created&pageSize=100', as.organiser)).body
      .items as CaseItem[];
    const opened = byCreated.map((c) => c.openedAt);
    expect(opened).toEqual([...opened].sort().reverse());
  });

  it('shows a liaison its own unit only, whatever unit it asks for', async () => {
    expect((await get('/v1/cases', as.liaison)).body.total).toBe(30);
    expect((await get(`/v1/cases?unitId=${other.unitId}`, as.liaison)).body.total).toBe(0);
  });

  it('never shows the organiser a full phone number from a comment; the handling unit reads it', async () => {
    const pages = await Promise.all(
      [1, 2, 3].map(async (p) => JSON.stringify((await get(`/v1/cases?page=${p}`, as.organiser)).body)),
    );
    const all = pages.join('');
    expect(all).toContain('请回电');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('1234 5678');
    const item = (JSON.parse(pages.find((p) => p.includes('请回电'))!).items as CaseItem[]).find((c) =>
      c.comment.includes('请回电'),
    )!;
    expect((await get(`/v1/cases/${item.id}`, as.organiser)).body.comment).not.toContain(PHONE);
    expect((await get(`/v1/cases/${item.id}`, as.liaison)).body.comment).toContain(PHONE);
  });

  it('scrubs the unit’s own notes for the organiser, not for the unit', async () => {
    const { items } = (await get(`/v1/cases?unitId=${w.unit.id}&overdue=false&state=open`, as.liaison)).body;
    const id = (items as CaseItem[])[0]!.id;
    const note = { action: 'verify', text: `已联系群众 ${PHONE} 核实` };
    const res = await t.app.request(`/v1/cases/${id}/actions`, json(note, as.liaison));
    expect(res.status).toBe(200);
    expect((await get(`/v1/cases/${id}`, as.liaison)).body.verification).toContain(PHONE);
    expect((await get(`/v1/cases/${id}`, as.organiser)).body.verification).not.toContain(PHONE);
    // …and in the audit log the organiser reads.
    const audit = await get(`/v1/audit-log?action=case.verify&entityId=${id}`, as.organiser);
    expect(JSON.stringify(audit.body)).not.toContain(PHONE);
    expect((audit.body.items as { entityName: string }[])[0]?.entityName).toBe(w.unit.name);
  });
});

type Held = { id: string; reason: string; unitId: string; comment: string | null };
const decide = (body: unknown, who = as.organiser) =>
  t.app.request('/v1/quarantine/decisions', json(body, who));
const stateOf = async (ids: string[]) =>
  (
    await t.db
      .selectFrom('citizen_rating')
      .select(['id', 'quarantine_state'])
      .where('id', 'in', ids.map(Number))
      .orderBy('id')
      .execute()
  ).map((r) => r.quarantine_state);

describe('quarantine list and bulk decisions', () => {
  beforeAll(async () => {
    // 12 too fast at unit A, 10 burst + identical at unit B, 8 honeypot at unit A.
    for (let i = 0; i < 30; i++) {
      const atB = i >= 12 && i < 22;
      await seedRating({
        unitId: atB ? other.unitId : w.unit.id,
        servicePointId: atB ? other.servicePointId : w.servicePoint.id,
        held: i < 12 ? 'too_fast' : atB ? 'burst_at_service_point,identical_answers' : 'honeypot',
        comment: i === 0 ? `刷评 ${PHONE}` : null,
        createdAt: new Date(T0.getTime() - (30 - i) * 60_000),
      });
    }
  });

  it('pages the held ratings with a total, filtered by reason and unit, comments scrubbed', async () => {
    const all = await get('/v1/quarantine?pageSize=25', as.organiser);
    expect(all.body).toMatchObject({ total: 30, page: 1, pageSize: 25 });
    expect(all.body.items).toHaveLength(25);
    expect((await get('/v1/quarantine?pageSize=25&page=2', as.organiser)).body.items).toHaveLength(5);
    expect((await get('/v1/quarantine?reason=too_fast', as.organiser)).body.total).toBe(12);
    expect((await get('/v1/quarantine?reason=identical_answers', as.organiser)).body.total).toBe(10);
    expect((await get(`/v1/quarantine?unitId=${other.unitId}`, as.organiser)).body.total).toBe(10);
    expect((await get(`/v1/quarantine?unitId=${w.unit.id}&reason=honeypot`, as.organiser)).body.total).toBe(
      8,
    );
    const text = JSON.stringify((await get('/v1/quarantine?reason=too_fast', as.organiser)).body);
    expect(text).toContain('刷评');
    expect(text).not.toContain(PHONE);
    expect((await get('/v1/quarantine?reason=spam', as.organiser)).status).toBe(400);
    expect((await get('/v1/quarantine', as.liaison)).status).toBe(403);
  });

  it('decides ticked ratings all or none, audited per rating with before and after', async () => {
    const { items } = (await get('/v1/quarantine?reason=too_fast&pageSize=5', as.organiser)).body;
    const ids = (items as Held[]).map((r) => r.id);
    const res = await decide({
      decision: 'release',
      reason: '核实为真实群众评价',
      ratingIds: ids.slice(0, 3),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ decided: 3 });
    expect(await stateOf(ids)).toEqual(['quarantined', 'quarantined', 'released', 'released', 'released']);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['entity_id', 'before', 'after', 'actor_kind', 'request_id'])
      .where('action', '=', 'rating.quarantine_release')
      .execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(audit[0]).toMatchObject({
      actor_kind: 'staff',
      before: { quarantine_state: 'quarantined', reason: 'too_fast' },
      after: { quarantine_state: 'released', reason: '核实为真实群众评价' },
    });
    expect(new Set(audit.map((a) => a.request_id)).size).toBe(1);
    // One of them decided already: the list was stale, nothing changes.
    const stale = await decide({ decision: 'reject', reason: '重复提交', ratingIds: ids.slice(2) });
    expect(stale.status).toBe(409);
    expect(await stateOf(ids)).toEqual(['quarantined', 'quarantined', 'released', 'released', 'released']);
  });

  it('decides all matching the filter, but none held after the list was read', async () => {
    const list = (await get(`/v1/quarantine?reason=too_fast&unitId=${w.unit.id}`, as.organiser)).body;
    expect(list.total).toBe(9);
    const late = await seedRating({
      unitId: w.unit.id,
      servicePointId: w.servicePoint.id,
      held: 'too_fast',
      createdAt: T0,
    });
    const res = await decide({
      decision: 'reject',
      reason: '同一设备批量刷评',
      all: { reason: 'too_fast', unitId: w.unit.id, asOfId: list.asOfId },
    });
    expect(await res.json()).toEqual({ decided: 9 });
    expect(await stateOf([late])).toEqual(['quarantined']);
    expect((await get('/v1/quarantine?reason=too_fast', as.organiser)).body.total).toBe(1);
    // Other reasons and units untouched.
    expect((await get('/v1/quarantine', as.organiser)).body.total).toBe(19);
    const rejected = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'rating.quarantine_reject')
      .executeTakeFirstOrThrow();
    expect(Number(rejected.n)).toBe(9);
    // The tallies the scores read followed the decisions (rejected never counted, released now do).
    const { rows } = await sql<{ tally: number; counted: number }>`
      SELECT (SELECT coalesce(sum(unverified_1 + unverified_2 + unverified_3 + unverified_4 + unverified_5
                + verified_1 + verified_2 + verified_3 + verified_4 + verified_5), 0)::int FROM citizen_rating_tally) AS tally,
             (SELECT count(*)::int FROM citizen_rating WHERE quarantine_state IN ('none', 'released') AND NOT malicious) AS counted`.execute(
      t.db,
    );
    expect(Number(rows[0]?.tally)).toBe(Number(rows[0]?.counted));
  });

  it('refuses a decision without a target, with both, without a reason, or with nothing left', async () => {
    const asOfId = (await get('/v1/quarantine', as.organiser)).body.asOfId;
    for (const body of [
      { decision: 'release', reason: '理由充分' },
      { decision: 'release', reason: '理由充分', ratingIds: ['1'], all: { asOfId } },
      { decision: 'release', reason: '', ratingIds: ['1'] },
      { decision: 'keep', reason: '理由充分', ratingIds: ['1'] },
      {
        decision: 'release',
        reason: '理由充分',
        ratingIds: Array.from({ length: 501 }, (_, i) => String(i + 1)),
      },
      { decision: 'release', reason: '理由充分', all: { asOfId, reason: 'spam' } },
    ])
      expect((await decide(body)).status, JSON.stringify(body).slice(0, 80)).toBe(400);
    expect((await decide({ decision: 'release', reason: '理由充分', all: { asOfId: '1' } })).status).toBe(
      409,
    );
    expect(
      (await decide({ decision: 'release', reason: '理由充分', ratingIds: ['1'] }, as.liaison)).status,
    ).toBe(403);
    expect((await get('/v1/quarantine', as.organiser)).body.total).toBe(19);
  });
});

type Entry = { action: string; actor: string; entityName: string | null; changes: unknown[] };
describe('audit log', () => {
  it('pages with a total, filters by action, actor and date, and names records', async () => {
    await t.app.request(`/v1/setup/units/${other.unitId}`, {
      ...json({ name: '市场监督管理局', categoryId: w.category.id }, as.organiser),
      method: 'PATCH',
    });
    const page = await get('/v1/audit-log?pageSize=5', as.organiser);
    expect(page.body).toMatchObject({ page: 1, pageSize: 5 });
    // 3 released, 9 rejected, a case step and a unit renamed.
    expect(page.body.total).toBe(14);
    expect(page.body.items).toHaveLength(5);
    const entry = ((await get('/v1/audit-log?action=unit.update', as.organiser)).body.items as Entry[])[0]!;
    expect(entry).toMatchObject({
      actor: '测试人员',
      entityName: '市场监督管理局',
      // Only the name changed: the category was sent as it was.
      changes: [{ field: 'name', before: '市场监管局', after: '市场监督管理局' }],
    });
    const released = (await get('/v1/audit-log?action=rating.quarantine_release', as.organiser)).body;
    expect(released.total).toBe(3);
    expect((released.items as Entry[])[0]?.entityName).toBe(`${w.unit.name} · ${w.servicePoint.name}`);
    const { actors } = page.body as unknown as { actors: { id: string; name: string }[] };
    expect(actors.map((a) => a.id)).toContain(liaisonId);
    const byActor = await get(`/v1/audit-log?actorId=${liaisonId}`, as.organiser);
    expect(byActor.body.total).toBe(1);
    expect((byActor.body.items as Entry[])[0]?.action).toBe('case.verify');
    // Entries carry the database's clock: today and yesterday in China.
    const chinaDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
    const today = chinaDay(new Date());
    const yesterday = chinaDay(new Date(Date.now() - 86_400_000));
    expect((await get(`/v1/audit-log?from=${today}&to=${today}`, as.organiser)).body.total).toBe(
      page.body.total,
    );
    expect((await get(`/v1/audit-log?to=${yesterday}`, as.organiser)).body.total).toBe(0);
    for (const bad of ['from=2026-13-01', 'actorId=nobody', 'pageSize=1000', 'action=DROP%20TABLE'])
      expect((await get(`/v1/audit-log?${bad}`, as.organiser)).status, bad).toBe(400);
  });
});
