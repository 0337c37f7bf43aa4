import {
  computeRequestSchema,
  DASHBOARD_CHARTS,
  dashboardQuerySchema,
  unitBreakdownSchema,
} from '@kaimen/contracts';
import { chooseCurrentCycle, ROLES } from '@kaimen/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import { chinaDay } from '../citizen/rating-context.ts';
import type { AppEnv } from '../deps.ts';
import { AppError, requestLang } from '../errors.ts';
import { check, readJson, readNoBody } from '../validation.ts';
import { coverageOf } from './coverage.service.ts';
import { dashboardOf } from './dashboard.service.ts';
import { dashboardCsv } from './dashboard-export.ts';
import { renderFeedbackNotice } from './feedback-notice-pdf.ts';
import { computeRevision, cyclesOf, publish, revisionsOf, unitsOf } from './outcome.service.ts';
import { type ExportRow, resultsCsv, resultsXlsx } from './outcome-export.ts';
import { standingsOf } from './standings.service.ts';
import { standingsCsv } from './standings-export.ts';

const VIEW_ROLES = [...ORGANISER_ROLES, 'unit_liaison'] as const;
const cycleParam = z.object({ id: z.uuid() });
const revisionParam = z.object({ id: z.uuid() });
const unitParam = z.object({ id: z.uuid(), unitId: z.uuid() });
const chartParam = z.object({
  id: z.uuid(),
  chart: z
    .string()
    .regex(/\.csv$/)
    .transform((s) => s.slice(0, -4))
    .pipe(z.enum(DASHBOARD_CHARTS)),
});
const standingsQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
const exportQuery = z.object({ format: z.enum(['csv', 'xlsx', 'json']).default('xlsx') });

export const outcomeRoutes = new Hono<AppEnv>()
  .get('/cycles', async (c) => {
    // Every staff member works within one organiser's cycles (agencies and offices pick the
    // cycle they give opinions on).
    const actor = await authorize(c, ROLES);
    const cycles = await cyclesOf(c.var.deps, actor);
    const { cycle, reason } = chooseCurrentCycle(cycles);
    return c.json({ cycles, current: { id: cycle?.id ?? null, reason } });
  })
  .post('/cycles/:id/outcomes', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, cycleParam, c.req.param());
    const { reason } = await readJson(c, computeRequestSchema);
    return c.json(await computeRevision(c.var.deps, actor, id, reason, c.var.requestId), 201);
  })
  .get('/cycles/:id/coverage', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    c.header('Cache-Control', 'no-store');
    return c.json(await coverageOf(c.var.deps, actor, id, requestLang(c) === 'en' ? 'en' : 'zh-CN'));
  })
  .get('/cycles/:id/standings', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    const { format } = check(c, standingsQuery, c.req.query());
    const standings = await standingsOf(c.var.deps, actor, id);
    c.header('Cache-Control', 'no-store');
    if (format === 'json') return c.json(standings);
    return c.body(new Uint8Array(standingsCsv(standings)), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="kaimen-standings-${standings.asOf.slice(0, 10)}.csv"`,
    });
  })
  .get('/cycles/:id/dashboard', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    const wanted = check(c, dashboardQuerySchema, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json(await dashboardOf(c.var.deps, actor, id, wanted));
  })
  .get('/cycles/:id/dashboard/:chart', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id, chart } = check(c, chartParam, c.req.param());
    const dashboard = await dashboardOf(c.var.deps, actor, id, check(c, dashboardQuerySchema, c.req.query()));
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(dashboardCsv(dashboard, chart)), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="kaimen-${chart}-${dashboard.asOf.slice(0, 10)}.csv"`,
    });
  })
  .get('/cycles/:id/outcomes', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json({ revisions: await revisionsOf(c.var.deps, actor, id) });
  })
  .get('/outcomes/:id/units', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id } = check(c, revisionParam, c.req.param());
    return c.json(await unitsOf(c.var.deps, actor, id));
  })
  .get('/outcomes/:id/units/:unitId', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id, unitId } = check(c, unitParam, c.req.param());
    return c.json(await unitsOf(c.var.deps, actor, id, unitId));
  })
  .get('/outcomes/:id/export', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id } = check(c, revisionParam, c.req.param());
    const { format } = check(c, exportQuery, c.req.query());
    const result = await unitsOf(c.var.deps, actor, id);
    const rows: ExportRow[] = result.units.map((u) => ({ ...u, category: u.category.name }));
    const name = `kaimen-results-${result.revision.revision}`;
    c.header('Cache-Control', 'no-store');
    if (format === 'json') return c.json({ revision: result.revision, units: rows });
    if (format === 'csv') {
      return c.body(new Uint8Array(resultsCsv(rows)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
      });
    }
    const title = `${result.revision.cycleName} · 第 ${result.revision.revision} 版（${result.revision.state}）`;
    return c.body(new Uint8Array(await resultsXlsx(rows, title)), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name}.xlsx"`,
    });
  })
  .get('/outcomes/:id/units/:unitId/notice.pdf', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id, unitId } = check(c, unitParam, c.req.param());
    const result = await unitsOf(c.var.deps, actor, id, unitId);
    const unit = result.units[0];
    if (!unit?.breakdown) throw new AppError('not_found');
    const pdf = await renderFeedbackNotice({
      cycleName: result.revision.cycleName,
      revision: result.revision.revision,
      published: result.revision.state === 'published',
      unitName: unit.unitName,
      categoryName: unit.category.name,
      composite: unit.composite,
      grade: unit.grade,
      rank: unit.rank,
      rankLow: unit.rankLow,
      rankHigh: unit.rankHigh,
      breakdown: unitBreakdownSchema.parse(unit.breakdown),
      indicatorNames: result.names?.indicators ?? {},
      findingNames: result.names?.findingTypes ?? {},
      issuedOn: chinaDay(c.var.deps.now()),
    });
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="feedback-notice-${unit.unitCode}.pdf"`,
      'cache-control': 'no-store',
    });
  })
  .post('/outcomes/:id/publish', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    await readNoBody(c);
    const { id } = check(c, revisionParam, c.req.param());
    await publish(c.var.deps, actor, id, c.var.requestId);
    return c.body(null, 204);
  });
