import { disciplineBoardSchema, petitionBoardSchema } from '@kaimen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';
import { opinionWorld } from './opinion-world.ts';

type World = Awaited<ReturnType<typeof opinionWorld>>;

let t: TestApp;
let w: World['w'];
let as: World['as'];
let foreignUnitId: string;

const put = (body: unknown, headers: Record<string, string>) => ({ ...json(body, headers), method: 'PUT' });

beforeAll(async () => {
  t = await openTestApp();
  ({ w, as, foreignUnitId } = await opinionWorld(t));
});
afterAll(() => t.close());

describe('petition opinions', () => {
  const path = () => `/v1/cycles/${w.cycle.id}/petition-opinions`;
  const opinion = (o: Record<string, unknown> = {}) => ({
    unitId: w.unit.id,
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    complaintCount: 4,
    verifiedComplaintCount: 1,
    ...o,
  });

  it('records complaint counts per unit and period; a second save corrects it', async () => {
    expect((await t.app.request(path(), put(opinion(), as.petition))).status).toBe(200);
    const corrected = await t.app.request(
      path(),
      put(opinion({ complaintCount: 5, verifiedComplaintCount: 2 }), as.petition),
    );
    expect(await corrected.json()).toMatchObject({ corrected: true });
    const board = petitionBoardSchema.parse(
      await (await t.app.request(path(), { headers: as.admin })).json(),
    );
    expect(board.writable).toBe(false); // the organiser reads; the petition office writes
    expect(board.opinions.map((o) => [o.unitId, o.complaintCount, o.verifiedComplaintCount])).toEqual([
      [w.unit.id, 5, 2],
    ]);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'petition_opinion')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['petition_opinion.create', 'petition_opinion.correct']);
  });

  it('refuses more verified complaints than complaints, a reversed period, a foreign unit', async () => {
    const more = await t.app.request(path(), put(opinion({ verifiedComplaintCount: 9 }), as.petition));
    expect(more.status).toBe(400);
    expect(JSON.stringify(await more.json())).toContain('verifiedComplaintCount');
    expect((await t.app.request(path(), put(opinion({ periodEnd: '2025-12-31' }), as.petition))).status).toBe(
      400,
    );
    expect((await t.app.request(path(), put(opinion({ unitId: foreignUnitId }), as.petition))).status).toBe(
      400,
    );
    expect((await t.app.request(path(), put(opinion({ complaintCount: -1 }), as.petition))).status).toBe(400);
  });
});

describe('discipline findings', () => {
  const path = () => `/v1/cycles/${w.cycle.id}/discipline-findings`;
  const finding = (o: Record<string, unknown> = {}) => ({
    unitId: w.unit.id,
    findingType: 'eight_rules',
    reason: '公务接待超标准',
    foundOn: '2026-09-15',
    ...o,
  });
  const board = async (headers = as.discipline) =>
    disciplineBoardSchema.parse(await (await t.app.request(path(), { headers })).json());

  it('maps findings to deductions by the rule table, capped per type; a veto finding marks the unit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request(path(), json(finding(), as.discipline));
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // 2 findings × 3 points = 6, capped at 5 for the type.
    let unit = (await board()).units.find((u) => u.id === w.unit.id);
    expect(unit).toMatchObject({ deductionTotal: 5, veto: false, findings: 2 });
    await t.app.request(
      path(),
      json(finding({ findingType: 'serious_violation', reason: '违规收受礼金' }), as.discipline),
    );
    unit = (await board(as.admin)).units.find((u) => u.id === w.unit.id);
    expect(unit).toMatchObject({ deductionTotal: 5, veto: true, findings: 3 });

    // Withdrawing one leaves 1 × 3 = 3; the audit keeps the finding and its withdrawal.
    const withdraw = await t.app.request(
      `/v1/discipline-findings/${ids[0]}/withdraw`,
      json({ reason: '经复核不属实' }, as.discipline),
    );
    expect(withdraw.status).toBe(204);
    expect((await board()).units.find((u) => u.id === w.unit.id)?.deductionTotal).toBe(3);
    const again = await t.app.request(
      `/v1/discipline-findings/${ids[0]}/withdraw`,
      json({ reason: '重复' }, as.discipline),
    );
    expect(again.status).toBe(409);
    // Another discipline body cannot withdraw this body's finding.
    const other = await t.app.request(
      `/v1/discipline-findings/${ids[1]}/withdraw`,
      json({ reason: '不属实' }, as.discipline2),
    );
    expect(other.status).toBe(404);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'discipline_finding')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'discipline_finding.create',
      'discipline_finding.create',
      'discipline_finding.create',
      'discipline_finding.withdraw',
    ]);
  });

  it('refuses an unknown type, a blank reason, a foreign unit', async () => {
    const count = async () => (await t.db.selectFrom('discipline_finding').select('id').execute()).length;
    const before = await count();
    expect(
      (await t.app.request(path(), json(finding({ findingType: 'made_up' }), as.discipline))).status,
    ).toBe(400);
    expect((await t.app.request(path(), json(finding({ reason: ' ' }), as.discipline))).status).toBe(400);
    expect(
      (await t.app.request(path(), json(finding({ unitId: foreignUnitId }), as.discipline))).status,
    ).toBe(400);
    expect(
      (await t.app.request(path(), json(finding({ foundOn: '2026-13-01' }), as.discipline))).status,
    ).toBe(400);
    expect(await count()).toBe(before);
  });
});
