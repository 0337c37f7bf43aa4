// Every CSV and XLSX the API sends, found by walking the app's own GET routes (so a new export
// is covered without anyone listing it), with units, windows and categories named like
// formulas: no cell may start with = + - @, tab or CR. Also: one writer emits them all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_CHARTS, DATA_USE_TERMS_VERSION } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseBuildsSettled } from '../releases/release.service.ts';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

const PASSWORD = 'kaimen-demo-2026';
const HOSTILE = ['=HYPERLINK("http://x.test","点我")', '+SUM(1,1)', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
const FORMULA_START = /^[=+\-@\t\r]/;

let t: TestApp;
let as: Record<'organiser' | 'agency' | 'superior' | 'liaison', Record<string, string>>;
const ids = {} as Record<
  'cycle' | 'revision' | 'release' | 'unit' | 'servicePoint' | 'organiserCode',
  string
>;

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 3000 });
  ids.cycle = plan.cycle.id;
  // Legacy data the boundary would now refuse: names written straight into the database.
  const units = await t.db.selectFrom('unit').select('id').orderBy('code').execute();
  for (const [i, u] of units.entries())
    await t.db
      .updateTable('unit')
      .set({ name: `${HOSTILE[i % HOSTILE.length]}单位${i}` })
      .where('id', '=', u.id)
      .execute();
  const points = await t.db.selectFrom('service_point').select('id').orderBy('code').execute();
  for (const [i, p] of points.entries())
    await t.db
      .updateTable('service_point')
      .set({ name: `${HOSTILE[(i + 1) % HOSTILE.length]}窗口${i}` })
      .where('id', '=', p.id)
      .execute();
  await t.db.updateTable('unit_category').set({ name: '=1+1 类别' }).execute();
  as = {
    organiser: await signInAs(t, 'organiser', PASSWORD),
    agency: await signInAs(t, 'agency', PASSWORD),
    superior: await signInAs(t, 'superior', PASSWORD),
    liaison: await signInAs(t, 'liaison', PASSWORD),
  };
  const computed = await t.app.request(`/v1/cycles/${ids.cycle}/outcomes`, {
    ...json({}),
    headers: { ...json({}).headers, ...as.organiser },
  });
  expect(computed.status).toBe(201);
  ids.revision = ((await computed.json()) as { id: string }).id;
  const agencyId = (
    await t.db
      .selectFrom('organisation')
      .select('id')
      .where('code', '=', 'demo-agency')
      .executeTakeFirstOrThrow()
  ).id;
  const release = await t.app.request(`/v1/cycles/${ids.cycle}/releases`, {
    ...json({ name: '敌意名称测试', agencyIds: [agencyId], k: 5 }),
    headers: { ...json({}).headers, ...as.organiser },
  });
  expect(release.status, await release.clone().text()).toBe(202);
  ids.release = ((await release.json()) as { id: string }).id;
  await releaseBuildsSettled();
  await t.app.request('/v1/agency/terms', {
    ...json({ version: DATA_USE_TERMS_VERSION }),
    headers: { ...json({}).headers, ...as.agency },
  });
  ids.unit = plan.units[0]!.id;
  ids.servicePoint = points[0]!.id;
  ids.organiserCode = (
    await t.db
      .selectFrom('organisation')
      .select('code')
      .where('kind', '=', 'organiser')
      .executeTakeFirstOrThrow()
  ).code;
}, 180_000);
afterAll(() => t.close());

/** The concrete paths for a route pattern, or none when its parameters are not known here. */
function pathsOf(pattern: string): string[] {
  let paths = [pattern];
  const fill = (param: string, values: string[]) => {
    paths = paths.flatMap((p) => (p.includes(param) ? values.map((v) => p.replace(param, v)) : [p]));
  };
  const idFor = (p: string) =>
    p.startsWith('/v1/cycles/')
      ? ids.cycle
      : p.startsWith('/v1/outcomes/')
        ? ids.revision
        : p.startsWith('/v1/releases/')
          ? ids.release
          : p.startsWith('/v1/service-points/') || p.startsWith('/v1/setup/service-points/')
            ? ids.servicePoint
            : p.startsWith('/v1/units/') || p.startsWith('/v1/setup/units/')
              ? ids.unit
              : null;
  paths = paths.flatMap((p) => {
    if (!p.includes(':id')) return [p];
    const id = idFor(p);
    return id ? [p.replace(':id', id)] : [];
  });
  fill(':unitId', [ids.unit]);
  fill(
    ':chart',
    DASHBOARD_CHARTS.map((c) => `${c}.csv`),
  );
  fill(':file', ['rows.csv', 'rows.xlsx', 'rows.jsonl']);
  fill(':code', [ids.organiserCode]);
  return paths.filter((p) => !p.includes('/:'));
}

async function cellsOf(res: Response): Promise<string[] | null> {
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/csv')) {
    const rows = parse(Buffer.from(await res.arrayBuffer()), {
      bom: true,
      relax_column_count: true,
    }) as string[][];
    return rows.flat();
  }
  if (type.includes('spreadsheetml')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') cells.push(cell.value);
        });
      });
    return cells;
  }
  return null;
}

describe('exports with formula-like names', () => {
  it('finds every CSV/XLSX route and none sends a cell a spreadsheet would run', async () => {
    const patterns = [...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))];
    const exported = new Map<string, { cells: number; defused: number }>();
    const check = async (key: string, res: Response) => {
      const cells = await cellsOf(res);
      if (!cells) return;
      expect(
        cells.filter((c) => FORMULA_START.test(c)),
        key,
      ).toEqual([]);
      const defused = cells.filter((c) => /^'[=+\-@\t\r]/.test(c)).length;
      exported.set(key, { cells: cells.length, defused });
    };
    for (const pattern of patterns) {
      for (const path of pathsOf(pattern)) {
        // The first role that may read it; then the same route's other formats.
        let reader: Record<string, string> | undefined;
        let res: Response | undefined;
        for (const headers of Object.values(as)) {
          res = await t.app.request(path, { headers });
          if (res.status === 200) {
            reader = headers;
            break;
          }
        }
        if (!reader || !res) continue;
        const type = res.headers.get('content-type') ?? '';
        await check(pattern, res);
        if (!/json|csv|spreadsheetml/.test(type)) continue;
        for (const query of ['?format=csv', '?format=xlsx']) {
          const variant = await t.app.request(`${path}${query}`, { headers: reader });
          if (variant.status === 200) await check(`${pattern}${query}`, variant);
        }
      }
    }
    console.log(`export walk: ${exported.size} CSV/XLSX downloads checked`, Object.fromEntries(exported));
    // The walk must reach the downloads that carry names, and see the names defused there.
    for (const known of [
      '/v1/cycles/:id/standings?format=csv',
      '/v1/cycles/:id/dashboard/:chart',
      '/v1/outcomes/:id/export?format=csv',
      '/v1/outcomes/:id/export?format=xlsx',
      '/v1/releases/:id/:file',
      '/v1/cycles/:id/score-sheet/template.xlsx',
      '/v1/setup/units-template.csv',
      '/v1/roster-template.csv',
    ])
      expect(exported.has(known), known).toBe(true);
    for (const named of [
      '/v1/cycles/:id/standings?format=csv',
      '/v1/outcomes/:id/export?format=csv',
      '/v1/outcomes/:id/export?format=xlsx',
      '/v1/cycles/:id/score-sheet/template.xlsx',
    ])
      expect(exported.get(named)?.defused, named).toBeGreaterThan(0);
  }, 120_000);

  it('defuses the dashboard chart with window names and the release rows', async () => {
    const chart = await t.app.request(`/v1/cycles/${ids.cycle}/dashboard/negative_rate.csv`, {
      headers: as.organiser,
    });
    const cells = (await cellsOf(chart)) ?? [];
    expect(cells.some((c) => c.startsWith("'=HYPERLINK") || c.startsWith("'+SUM"))).toBe(true);
    const rows = await t.app.request(`/v1/releases/${ids.release}/rows.csv`, { headers: as.agency });
    expect(rows.status).toBe(200);
    expect(((await cellsOf(rows)) ?? []).filter((c) => FORMULA_START.test(c))).toEqual([]);
  });

  it('refuses formula-like names in the units import preview, naming the line', async () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([
        '单位代码,单位名称,类别代码\nx1,"=HYPERLINK(""http://x.test"")",window-service\nx2,"+SUM(1,1)",window-service\n',
      ]),
      'units.csv',
    );
    const res = await t.app.request('/v1/setup/units/import/preview', {
      method: 'POST',
      body: form,
      headers: as.organiser,
    });
    const preview = (await res.json()) as {
      ok: boolean;
      issues: { line: number; field: string; message: string }[];
    };
    expect(preview.ok).toBe(false);
    expect(
      preview.issues.filter((i) => i.field === 'name').map((i) => i.line),
      JSON.stringify(preview),
    ).toEqual([2, 3]);
    expect(preview.issues[0]?.message).toContain('公式');
  });
});

describe('one writer', () => {
  it('no API file but the writer imports csv-stringify or adds exceljs rows itself', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          entry.name.endsWith('.ts') &&
          !entry.name.endsWith('.test.ts') &&
          !path.endsWith('spreadsheet-writer.ts')
        ) {
          const source = readFileSync(path, 'utf8');
          if (/from 'csv-stringify|\.addRow\(/.test(source)) offenders.push(path);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
