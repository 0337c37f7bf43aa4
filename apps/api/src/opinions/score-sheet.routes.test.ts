import { scoreImportPreviewSchema, scoreSheetSchema, unitScoreFormSchema } from '@kaimen/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, type TestApp } from '../testing/test-app.ts';
import { opinionWorld } from './opinion-world.ts';

type World = Awaited<ReturnType<typeof opinionWorld>>;

let t: TestApp;
let w: World['w'];
let as: World['as'];
let peerUnit: World['peerUnit'];
let otherCategoryUnit: World['otherCategoryUnit'];
let foreignUnitId: string;
let leaves: World['leaves'];
let unitCode: string;

const put = (body: unknown, headers: Record<string, string>) => ({ ...json(body, headers), method: 'PUT' });

beforeAll(async () => {
  t = await openTestApp();
  ({ w, as, peerUnit, otherCategoryUnit, foreignUnitId, leaves, unitCode } = await opinionWorld(t));
});
afterAll(() => t.close());

const sheetPath = (unitId: string) => `/v1/cycles/${w.cycle.id}/score-sheet/units/${unitId}`;
const storedScores = (channel?: string) => {
  let q = t.db
    .selectFrom('indicator_score')
    .select(['unit_id', 'channel', 'indicator_id', 'score', 'comment'])
    .where('cycle_id', '=', w.cycle.id);
  if (channel) q = q.where('channel', '=', channel);
  return q.orderBy('unit_id').orderBy('indicator_id').execute();
};
const setCycleState = (state: string) =>
  t.db.updateTable('cycle').set({ state }).where('id', '=', w.cycle.id).execute();

describe('score sheets (superior, third-party, self, peer)', () => {
  it('lists what each source scores, on which channel', async () => {
    const superior = scoreSheetSchema.parse(
      await (await t.app.request(`/v1/cycles/${w.cycle.id}/score-sheet`, { headers: as.superior })).json(),
    );
    expect(new Set(superior.units.map((u) => u.channel))).toEqual(new Set(['superior']));
    expect(superior.units.map((u) => u.unitId).sort()).toEqual(
      [w.unit.id, peerUnit.id, otherCategoryUnit.id].sort(),
    );
    const liaison = scoreSheetSchema.parse(
      await (await t.app.request(`/v1/cycles/${w.cycle.id}/score-sheet`, { headers: as.liaison })).json(),
    );
    // Its own unit (self) and the other unit of its category (peer); not the other category.
    expect(liaison.units.map((u) => [u.unitId, u.channel]).sort()).toEqual(
      [
        [w.unit.id, 'self'],
        [peerUnit.id, 'peer'],
      ].sort(),
    );
    const agency = scoreSheetSchema.parse(
      await (await t.app.request(`/v1/cycles/${w.cycle.id}/score-sheet`, { headers: as.agency })).json(),
    );
    expect(agency.units.every((u) => u.channel === 'third_party')).toBe(true);
  });

  it('saves a unit’s scores, replaces them on a second save, and audits before and after', async () => {
    const first = await t.app.request(
      sheetPath(w.unit.id),
      put(
        {
          scores: [
            { indicatorId: leaves[0]?.id, score: 8 },
            { indicatorId: leaves[1]?.id, score: 9.5, comment: '态度好' },
          ],
        },
        as.superior,
      ),
    );
    expect(first.status).toBe(200);
    expect((await storedScores('superior')).map((s) => s.score).sort()).toEqual([8, 9.5]);
    // The second save leaves the second indicator out: that opinion is withdrawn, not kept stale.
    const second = await t.app.request(
      sheetPath(w.unit.id),
      put({ scores: [{ indicatorId: leaves[0]?.id, score: 7 }] }, as.superior),
    );
    expect(second.status).toBe(200);
    expect((await storedScores('superior')).map((s) => s.score)).toEqual([7]);
    const form = unitScoreFormSchema.parse(
      await (await t.app.request(sheetPath(w.unit.id), { headers: as.superior })).json(),
    );
    expect(form.indicators.map((i) => i.score)).toEqual([7, null]);
    expect(form.indicators[0]?.group).toBe('有效率');
    const audits = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('action', '=', 'indicator_scores.save')
      .orderBy('id')
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits[1]?.before).toEqual({
      scores: expect.arrayContaining([[w.unit.id, 'superior', leaves[1]?.id, 9.5]]),
    });
    expect(audits[1]?.after).toEqual({ scores: [[w.unit.id, 'superior', leaves[0]?.id, 7]] });
  });

  it('keeps self and peer apart for a unit liaison', async () => {
    expect(
      (
        await t.app.request(
          sheetPath(w.unit.id),
          put({ scores: [{ indicatorId: leaves[0]?.id, score: 10 }] }, as.liaison),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await t.app.request(
          sheetPath(peerUnit.id),
          put({ scores: [{ indicatorId: leaves[0]?.id, score: 6 }] }, as.liaison),
        )
      ).status,
    ).toBe(200);
    expect((await storedScores('self')).map((s) => [s.unit_id, s.score])).toEqual([[w.unit.id, 10]]);
    expect((await storedScores('peer')).map((s) => [s.unit_id, s.score])).toEqual([[peerUnit.id, 6]]);
    // Another category's unit and another organiser's unit are not there for this liaison.
    expect((await t.app.request(sheetPath(otherCategoryUnit.id), { headers: as.liaison })).status).toBe(404);
    expect((await t.app.request(sheetPath(foreignUnitId), { headers: as.superior })).status).toBe(404);
  });

  it('refuses scores off the scale, foreign indicators, bad bodies — and changes nothing', async () => {
    const before = await storedScores();
    const off = await t.app.request(
      sheetPath(w.unit.id),
      put({ scores: [{ indicatorId: leaves[0]?.id, score: 11 }] }, as.superior),
    );
    expect(off.status).toBe(400);
    const body = (await off.json()) as {
      error: { details: { issues: { path: string; message: string }[] } };
    };
    expect(body.error.details.issues[0]).toEqual({
      path: 'scores.0.score',
      message: '办事效率: 分数须在 0 至 10 之间',
    });
    const foreign = await t.app.request(
      sheetPath(w.unit.id),
      put({ scores: [{ indicatorId: '00000000-0000-4000-8000-000000000000', score: 5 }] }, as.superior),
    );
    expect(foreign.status).toBe(400);
    const twice = await t.app.request(
      sheetPath(w.unit.id),
      put(
        {
          scores: [
            { indicatorId: leaves[0]?.id, score: 5 },
            { indicatorId: leaves[0]?.id, score: 6 },
          ],
        },
        as.superior,
      ),
    );
    expect(twice.status).toBe(400);
    const wrongType = await t.app.request(
      sheetPath(w.unit.id),
      put({ scores: [{ indicatorId: leaves[0]?.id, score: '5' }] }, as.superior),
    );
    expect(wrongType.status).toBe(400);
    const malformed = await t.app.request(sheetPath(w.unit.id), put('{"scores": [', as.superior));
    expect(malformed.status).toBe(400);
    expect(await storedScores()).toEqual(before);
  });

  it('takes no scores once the cycle is closed', async () => {
    await setCycleState('closed');
    try {
      const res = await t.app.request(sheetPath(w.unit.id), put({ scores: [] }, as.superior));
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/不在进行中/);
    } finally {
      await setCycleState('open');
    }
  });
});

describe('score sheets by spreadsheet', () => {
  const upload = (
    kind: 'preview' | 'import',
    content: string | Uint8Array,
    headers: Record<string, string>,
    name = 'scores.xlsx',
  ) => {
    const form = new FormData();
    form.append('file', new File([content], name));
    return t.app.request(`/v1/cycles/${w.cycle.id}/score-sheet/${kind}`, {
      method: 'POST',
      body: form,
      headers,
    });
  };

  it('serves a template with a row per unit and indicator, current scores filled in', async () => {
    const res = await t.app.request(`/v1/cycles/${w.cycle.id}/score-sheet/template.xlsx`, {
      headers: as.superior,
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows: string[][] = [];
    book.worksheets[0]?.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
    );
    expect(rows[0]).toEqual(['单位代码', '单位名称', '指标代码', '指标名称', '分值范围', '分数', '说明']);
    // 3 units: two of the scored category × 2 leaves, the other category has no indicators.
    expect(rows).toHaveLength(1 + 4);
    const own = rows.find((r) => r[0] === unitCode && r[2] === 'd1.1');
    expect(own?.[5]).toBe('7');
  });

  it('names every bad line with its reason and imports nothing; a good file replaces those units', async () => {
    const before = await storedScores();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('评分表');
    sheet.addRow(['单位代码', '单位名称', '指标代码', '指标名称', '分值范围', '分数', '说明']);
    sheet.addRow([unitCode, '', 'd1.1', '', '', 8, '']);
    sheet.addRow([unitCode, '', 'd1.2', '', '', 12, '']); // line 3: off the scale
    sheet.addRow(['no-such-unit', '', 'd1.1', '', '', 5, '']); // line 4: unknown unit
    sheet.addRow([unitCode, '', 'x9', '', '', 5, '']); // line 5: unknown indicator
    sheet.addRow([unitCode, '', 'd1.1', '', '', 6, '']); // line 6: same as line 2
    sheet.addRow([peerUnit.code, '', 'd1.2', '', '', 'good', '']); // line 7: not a number
    const bad = new Uint8Array(await book.xlsx.writeBuffer());
    const preview = scoreImportPreviewSchema.parse(await (await upload('preview', bad, as.superior)).json());
    expect(preview.ok).toBe(false);
    expect(preview.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'score'],
      [4, 'unit'],
      [5, 'indicator'],
      [6, 'indicator'],
      [7, 'score'],
    ]);
    expect(preview.issues[3]?.message).toMatch(/第 2 行/);
    const refused = await upload('import', bad, as.superior);
    expect(refused.status).toBe(400);
    expect(await storedScores()).toEqual(before);

    const csv = [
      '单位代码,指标代码,分数,说明',
      `${unitCode},d1.1,9,`,
      `${unitCode},d1.2,8.5,材料齐全`,
      `${peerUnit.code},d1.1,,`,
    ].join('\r\n');
    const good = scoreImportPreviewSchema.parse(
      await (await upload('preview', csv, as.superior, 'scores.csv')).json(),
    );
    expect(good).toEqual({ ok: true, units: 2, scores: 2, issues: [] });
    const imported = await upload('import', csv, as.superior, 'scores.csv');
    expect(imported.status).toBe(201);
    expect(await imported.json()).toEqual({ units: 2, scores: 2 });
    const stored = (await storedScores('superior')).map((s) => [s.unit_id, s.score, s.comment]);
    expect(stored.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      [w.unit.id, 8.5, '材料齐全'],
      [w.unit.id, 9, null],
    ]);
    // A liaison cannot import scores for a unit outside its scope: named, nothing written.
    const outside = scoreImportPreviewSchema.parse(
      await (
        await upload(
          'preview',
          `单位代码,指标代码,分数\r\n${otherCategoryUnit.code},d1.1,5`,
          as.liaison,
          'x.csv',
        )
      ).json(),
    );
    expect(outside.issues.map((i) => [i.line, i.field])).toEqual([[2, 'unit']]);
  });

  it('refuses a file that is not a table', async () => {
    const res = await upload('import', new Uint8Array([0x50, 0x4b, 1, 2, 3]), as.superior);
    expect(res.status).toBe(400);
    const empty = await t.app.request(`/v1/cycles/${w.cycle.id}/score-sheet/import`, {
      method: 'POST',
      body: new FormData(),
      headers: as.superior,
    });
    expect(empty.status).toBe(400);
  });
});
