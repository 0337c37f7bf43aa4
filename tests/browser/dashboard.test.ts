// The organiser's cycle dashboard in a real browser: charts drawn by Chart.js (loaded only on
// pages with charts), drill-down category → unit, a chart's numbers as CSV, a phone-width
// layout without sideways scrolling, the data tables opened from the keyboard; and the unit
// liaison's view of its own unit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

/** A string only chart.js's bundle contains (one of its error messages). */
const CHART_JS_MARK = 'Canvas is already in use';

/** Collects the JavaScript the page loads from now on. */
function scriptsOf(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (res) => {
    if (res.url().endsWith('.js')) bodies.push(await res.text().catch(() => ''));
  });
  return bodies;
}

/** Waits until `count` canvases have been drawn by Chart.js (it sizes them itself). */
async function chartsDrawn(page: Page, count: number) {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('canvas')].filter(
        (c) => c.style.boxSizing === 'border-box' && c.width > 0,
      ).length >= n,
    count,
  );
}

describe.runIf(browserAvailable())('dashboard in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ratings: 3000 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('draws the cycle overview, drills down, downloads a chart’s numbers, and fits a phone', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin');

      // A page without charts never loads chart.js.
      const casesScripts = scriptsOf(page);
      await page.goto(`${stack.webUrl}/admin/cases`, { waitUntil: 'networkidle' });
      expect(casesScripts.length).toBeGreaterThan(0);
      expect(casesScripts.some((s) => s.includes(CHART_JS_MARK))).toBe(false);
      page.removeAllListeners('response');

      const dashboardScripts = scriptsOf(page);
      await page.getByRole('link', { name: '考评概览' }).click();
      await page.getByRole('heading', { name: '考评概览', level: 1 }).waitFor();
      // Per day, histogram, case deadlines, negative rate at least (the weekly trend only where a
      // week reaches the minimum sample; no revision yet; no ranks at cycle level).
      await chartsDrawn(page, 4);
      expect(dashboardScripts.some((s) => s.includes(CHART_JS_MARK))).toBe(true);
      await expect(page.getByText('尚未计算考评结果。').count()).resolves.toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-cycle.png'), fullPage: true });

      // The numbers behind the per-day chart, as the organiser would open them in Excel.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('figure')
          .filter({ hasText: '每日评价数' })
          .getByRole('link', { name: '下载 CSV' })
          .click(),
      ]);
      const file = join(ARTIFACTS, 'ratings-per-day.csv');
      await download.saveAs(file);
      const rows = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as string[][];
      expect(rows[0]).toEqual(['日期 day', '评价数 n']);
      const { rows: counted } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM citizen_rating
        WHERE quarantine_state IN ('none', 'released') AND NOT malicious`.execute(stack.database.db);
      expect(rows.slice(1).reduce((a, r) => a + Number(r[1]), 0)).toBe(counted[0]!.n);

      // Drill down: a category, then one of its units.
      await page.getByRole('link', { name: '窗口服务类' }).click();
      await page.getByRole('heading', { name: '按单位查看' }).waitFor();
      await chartsDrawn(page, 5); // now with ranks
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-category.png'), fullPage: true });
      await page.getByRole('list').getByRole('link', { name: '省政务服务中心' }).click();
      await page.getByRole('heading', { name: '服务窗口' }).waitFor();
      await expect(page.locator('.crumbs [aria-current="page"]').textContent()).resolves.toBe(
        '省政务服务中心',
      );
      await chartsDrawn(page, 5);
      // The negative-rate table lists this unit's windows only.
      const negative = page.getByRole('figure').filter({ hasText: '各窗口差评率' });
      const units = await negative.locator('tbody tr td:first-child').allTextContents();
      expect(units.length).toBeGreaterThan(0);
      expect(new Set(units)).toEqual(new Set(['省政务服务中心']));

      // Keyboard: the data table of a chart opens with Enter on its summary.
      const summary = page.getByRole('figure').filter({ hasText: '每日评价数' }).locator('summary');
      await summary.focus();
      await page.keyboard.press('Enter');
      await expect(
        page.getByRole('figure').filter({ hasText: '每日评价数' }).locator('details').getAttribute('open'),
      ).resolves.not.toBeNull();

      // A 360 px phone: charts shrink to the screen; nothing scrolls sideways.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${stack.webUrl}/admin/dashboard`, { waitUntil: 'networkidle' });
      await chartsDrawn(page, 4);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-360.png'), fullPage: true });

      // The same screen in English, charts and all.
      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Cycle overview', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'By category' }).waitFor();
      await expect(page.getByText('Ratings per day').count()).resolves.toBeGreaterThan(0);
      await chartsDrawn(page, 4);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('shows a unit liaison its own unit and nothing else', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, stack.webUrl, 'liaison', DEMO_PASSWORD, '/admin');
      await page.getByRole('link', { name: '本单位概况' }).click();
      await page.getByRole('heading', { name: '本单位概况', level: 1 }).waitFor();
      await page.getByRole('heading', { name: '服务窗口' }).waitFor();
      await chartsDrawn(page, 4);
      // No way up to other units, and a link to another unit's scope still shows its own.
      await expect(page.locator('.crumbs').count()).resolves.toBe(0);
      const other = await stack.database.db
        .selectFrom('unit')
        .select('id')
        .where('code', '<>', 'gov-service-centre')
        .executeTakeFirstOrThrow();
      await page.goto(`${stack.webUrl}/admin/dashboard?unit=${other.id}`, { waitUntil: 'networkidle' });
      const rows = await page
        .getByRole('figure')
        .filter({ hasText: '各窗口差评率' })
        .locator('tbody tr td:first-child')
        .allTextContents();
      expect(new Set(rows)).toEqual(new Set(['省政务服务中心']));
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-liaison.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 240_000);
});
