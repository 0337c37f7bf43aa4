import { mkdirSync, writeFileSync } from 'node:fs';
import { revisionsResponseSchema, revisionUnitsResponseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let organiser: Record<string, string>;
let staff: Record<string, string>;
let liaison: Record<string, string>;
let cycleId: string;
let liaisonUnitId: string;
const PASSWORD = 'kaimen-demo-2026';

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 6000 });
  cycleId = plan.cycle.id;
  liaisonUnitId = plan.units.find((u) => u.code === 'gov-service-centre')!.id;
  organiser = await signInAs(t, 'organiser', PASSWORD);
  staff = await signInAs(t, 'organiser.staff', PASSWORD);
  liaison = await signInAs(t, 'liaison', PASSWORD);
}, 120_000);
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...headers } });

describe('compute → review → publish', () => {
  let first: { id: string; revision: number; inputsHash: string; units: number };

  it('computes an immutable revision with its inputs hash (organiser admins only)', async () => {
    expect((await post(`/v1/cycles/${cycleId}/outcomes`, {}, staff)).status).toBe(403);
    const res = await post(`/v1/cycles/${cycleId}/outcomes`, {}, organiser);
    expect(res.status).toBe(201);
    first = (await res.json()) as typeof first;
    expect(first).toMatchObject({ revision: 1, units: 40 });
    expect(first.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    // Responses must match the shared contract the web app parses them with.
    const table = revisionUnitsResponseSchema.parse(
      await (await t.app.request(`/v1/outcomes/${first.id}/units`, { headers: staff })).json(),
    );
    expect(table.units).toHaveLength(40);
    const ranked = table.units.filter((u) => u.rank !== null);
    expect(ranked.length).toBeGreaterThan(30);
    for (const u of ranked) expect(u.rankLow! <= u.rank! && u.rank! <= u.rankHigh!).toBe(true);
  });

  it('explains a unit: channels with n, CI, weights and contributions', async () => {
    const res = await t.app.request(`/v1/outcomes/${first.id}/units/${liaisonUnitId}`, {
      headers: organiser,
    });
    const { units, names } = revisionUnitsResponseSchema.parse(await res.json());
    const breakdown = units[0]!.breakdown!;
    expect(Object.values(names!.indicators)).toContain('讲政治');
    const citizen = breakdown.channels.find((c) => c.channel === 'citizen')!;
    expect(citizen.n).toBeGreaterThan(30);
    expect(citizen.ci).toHaveLength(2);
    // Aspect means come from the same scan as the overall counts.
    const aspects = citizen.detail.aspects as { code: string; n: number; mean: number | null }[];
    expect(aspects.map((a) => a.code)).toEqual(['attitude', 'convenience', 'efficiency']);
    expect(aspects.every((a) => a.n === citizen.n && a.mean !== null)).toBe(true);
    const sum = breakdown.channels.reduce((a, c) => a + c.effectiveWeight, 0);
    expect(sum).toBeCloseTo(100, 2);
  });

  it('needs a reason to compute again, and gives the same inputs hash when nothing changed', async () => {
    const again = await post(`/v1/cycles/${cycleId}/outcomes`, {}, organiser);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/更正理由/);
    const corrected = (await (
      await post(`/v1/cycles/${cycleId}/outcomes`, { reason: '核对信访数据后重新计算' }, organiser)
    ).json()) as typeof first;
    expect(corrected.revision).toBe(2);
    expect(corrected.inputsHash).toBe(first.inputsHash);
  });

  it('publishes one revision; units see only published results, and only their own', async () => {
    const { revisions } = revisionsResponseSchema.parse(
      await (await t.app.request(`/v1/cycles/${cycleId}/outcomes`, { headers: liaison })).json(),
    );
    expect(revisions).toHaveLength(0);
    expect(
      (await t.app.request(`/v1/outcomes/${first.id}/units/${liaisonUnitId}`, { headers: liaison })).status,
    ).toBe(404);
    expect((await post(`/v1/outcomes/${first.id}/publish`, {}, staff)).status).toBe(403);
    expect((await post(`/v1/outcomes/${first.id}/publish`, {}, organiser)).status).toBe(204);
    expect((await post(`/v1/outcomes/${first.id}/publish`, {}, organiser)).status).toBe(409);
    const cycle = await t.db
      .selectFrom('cycle')
      .select('state')
      .where('id', '=', cycleId)
      .executeTakeFirstOrThrow();
    expect(cycle.state).toBe('published');
    const own = (await (
      await t.app.request(`/v1/outcomes/${first.id}/units`, { headers: liaison })
    ).json()) as { units: { unitId: string }[] };
    expect(own.units.map((u) => u.unitId)).toEqual([liaisonUnitId]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'outcome.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['outcome.compute', 'outcome.compute', 'outcome.publish']);
    // The published numbers cannot be edited in place.
    await expect(
      t.db.updateTable('unit_outcome').set({ composite: 100 }).where('revision_id', '=', first.id).execute(),
    ).rejects.toThrow(/append-only/);
  });
});

describe('feedback notice', () => {
  it('is a Chinese PDF for the unit, and another unit cannot read it', async () => {
    const { revisions } = revisionsResponseSchema.parse(
      await (await t.app.request(`/v1/cycles/${cycleId}/outcomes`, { headers: organiser })).json(),
    );
    const published = revisions.find((r) => r.state === 'published')!;
    const res = await t.app.request(`/v1/outcomes/${published.id}/units/${liaisonUnitId}/notice.pdf`, {
      headers: liaison,
    });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/WenQuanYiMicroHei/);
    mkdirSync('artifacts', { recursive: true });
    writeFileSync('artifacts/feedback-notice.pdf', pdf);
    const other = await t.db
      .selectFrom('unit')
      .select('id')
      .where('code', '=', 'tax')
      .executeTakeFirstOrThrow();
    expect(
      (await t.app.request(`/v1/outcomes/${published.id}/units/${other.id}/notice.pdf`, { headers: liaison }))
        .status,
    ).toBe(404);
  });
});

describe('exports for other appraisals', () => {
  it('CSV with BOM, XLSX and JSON carry the same 40 units', async () => {
    const { revisions } = revisionsResponseSchema.parse(
      await (await t.app.request(`/v1/cycles/${cycleId}/outcomes`, { headers: organiser })).json(),
    );
    const id = revisions[0]!.id;
    const csv = Buffer.from(
      await (
        await t.app.request(`/v1/outcomes/${id}/export?format=csv`, { headers: organiser })
      ).arrayBuffer(),
    );
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { parse } = await import('csv-parse/sync');
    const records = parse(csv.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(40);
    expect(Object.keys(records[0]!)).toContain('综合得分 composite');
    const xlsx = await t.app.request(`/v1/outcomes/${id}/export?format=xlsx`, { headers: organiser });
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    // Title row, header row, 40 units.
    expect(workbook.getWorksheet('考评结果')!.rowCount).toBe(42);
    const json = (await (
      await t.app.request(`/v1/outcomes/${id}/export?format=json`, { headers: organiser })
    ).json()) as { units: unknown[] };
    expect(json.units).toHaveLength(40);
    expect((await t.app.request(`/v1/outcomes/${id}/export?format=pdf`, { headers: organiser })).status).toBe(
      400,
    );
  });
});
