// The organiser computes the cycle's results, reviews one unit's breakdown and publishes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('results in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ratings: 3000 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('computes, explains a unit, and publishes', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/results');
      await page.getByText('尚未计算。').waitFor();
      await page.getByRole('button', { name: '计算结果' }).click();
      await page.getByText('已计算，请审核后公布。').waitFor();

      await page.getByRole('link', { name: '版本 1' }).click();
      await page.getByRole('heading', { name: '窗口服务类' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'results-table.png'), fullPage: true });
      await page.getByRole('link', { name: '省政务服务中心' }).click();
      await page.getByRole('heading', { name: '得分构成' }).waitFor();
      const citizenRow = page.locator('tr', { hasText: '群众测评' });
      await expect(citizenRow.locator('td').nth(1).textContent()).resolves.toBe('计入');
      await expect(page.getByRole('heading', { name: /两代表一委员 · 分项指标/ }).count()).resolves.toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'results-unit.png'), fullPage: true });

      await page.goto(`${stack.webUrl}/admin/results`);
      await page.getByRole('button', { name: '公布此版本' }).click();
      await page.getByRole('button', { name: '确认公布' }).click();
      await page.getByText('已公布。').waitFor();
      await expect(page.locator('tr', { hasText: '版本 1' }).getByText('已公布').count()).resolves.toBe(1);
      const cycle = await stack.database.db.selectFrom('cycle').select('state').executeTakeFirstOrThrow();
      expect(cycle.state).toBe('published');

      // The results as Excel, for the other appraisals.
      await page.getByRole('link', { name: '版本 1' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载 Excel' }).click(),
      ]);
      const file = join(ARTIFACTS, 'results.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      expect(workbook.getWorksheet('考评结果')?.rowCount).toBe(42);

      // A rectification item: opened by the organiser, answered by the unit, closed out.
      await page.goto(`${stack.webUrl}/admin/rectification`);
      await page.getByText('新增整改事项').click();
      await page.getByLabel('单位', { exact: true }).selectOption({ label: '窗口服务类 · 省政务服务中心' });
      await page.getByLabel('问题').fill('午间办事窗口开放不足（浏览器测试）');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('status').waitFor();
      const itemLink = page
        .locator('li', { hasText: '午间办事窗口开放不足（浏览器测试）' })
        .getByRole('link');
      const itemUrl = new URL((await itemLink.getAttribute('href')) as string, stack.webUrl).toString();

      await page.context().clearCookies();
      await page.goto(`${stack.webUrl}/sign-in?next=${encodeURIComponent(new URL(itemUrl).pathname)}`);
      await page.getByLabel('账号').fill('liaison');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(itemUrl);
      await page.getByLabel('责任人').fill('王联络员');
      await page.getByLabel('整改措施').fill('午间实行轮班，保证两个窗口开放');
      await page.getByLabel('整改佐证').fill('排班表');
      await page.getByRole('button', { name: '提交销号' }).click();
      await page.getByText('待销号').waitFor();

      await page.context().clearCookies();
      await page.goto(`${stack.webUrl}/sign-in?next=${encodeURIComponent(new URL(itemUrl).pathname)}`);
      await page.getByLabel('账号').fill('organiser');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(itemUrl);
      await page.getByLabel('审核意见').fill('现场核查属实');
      await page.getByRole('button', { name: '对账销号' }).click();
      await page.getByText('已销号').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'rectification-closed.png'), fullPage: true });

      // The public page shows the published result, without signing in.
      await page.context().clearCookies();
      await page.goto(stack.webUrl);
      await page.getByRole('link', { name: '查看公开结果' }).click();
      await page.getByRole('heading', { name: '窗口服务类' }).waitFor();
      const row = page.locator('tr', { hasText: '省政务服务中心' });
      await expect(row.count()).resolves.toBe(1);
      await expect(row.getByText('已销号').count()).resolves.toBe(1);
      // Satisfaction: a share with its n, or why it is withheld.
      const shares = await page.locator('tbody tr td:nth-child(4)').allTextContents();
      expect(shares.length).toBeGreaterThan(0);
      for (const cell of shares)
        expect(cell.trim()).toMatch(/^\d+\.\d%（n=\d+）$|^样本不足$|^不公布（保护评价人）$/);
      await page.screenshot({ path: join(ARTIFACTS, 'public-results.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('lets the organiser add a holiday to the calendar and re-review a model unit', async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/calendar');
      await expect(page.locator('tr', { hasText: '2026-10-01' }).count()).resolves.toBe(1);
      await page.getByLabel('日期').fill('2026-12-31');
      await page.getByLabel('名称').fill('跨年假（测试）');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('status').waitFor();
      await expect(page.locator('tr', { hasText: '跨年假（测试）' }).count()).resolves.toBe(1);

      // Re-review of a past model unit: keep the title, with a reason.
      await page.goto(`${stack.webUrl}/admin/model-titles`);
      const first = page.locator('section.item').first();
      await first.getByLabel('理由').fill('复查合格，继续保留');
      await first.getByRole('button', { name: '保留称号' }).click();
      await page.getByRole('status').waitFor();
      await expect(page.getByText('最近复查：保留称号 · 复查合格，继续保留').count()).resolves.toBe(1);
    } finally {
      await browser.close();
    }
  });

  it('shows live standings: a chart drawn by chart.js, small samples as 样本不足, the numbers as CSV', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/standings');
      await page.getByRole('heading', { name: '实时排名' }).waitFor();
      const rows = page.locator('tbody tr');
      await expect(rows.count()).resolves.toBe(40);
      // Every unit shows either a score or 样本不足, never a number from too few ratings.
      for (const text of await rows.allTextContents()) expect(text).toMatch(/\d+\.\d|样本不足/);
      // The chart is really drawn (some pixel painted), not just an empty canvas.
      await page.waitForFunction(() => {
        const canvas = document.querySelector('canvas');
        const context = canvas?.getContext('2d');
        if (!canvas || !context || canvas.width === 0) return false;
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) return true;
        return false;
      });
      await page.screenshot({ path: join(ARTIFACTS, 'standings.png'), fullPage: true });

      await page.getByLabel('类别').selectOption({ label: '窗口服务类' });
      await page.getByRole('button', { name: '查看' }).click();
      await page.waitForURL(/category=/);
      const inCategory = await rows.allTextContents();
      expect(inCategory.length).toBeGreaterThan(0);
      expect(inCategory.length).toBeLessThan(40);
      for (const text of inCategory) expect(text).toContain('窗口服务类');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载 CSV' }).click(),
      ]);
      const file = join(ARTIFACTS, 'standings.csv');
      await download.saveAs(file);
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(parse(bytes.subarray(3).toString('utf8'))).toHaveLength(41);

      // A phone opening the page: it fits 360 px (the table scrolls inside its own box).
      await page.setViewportSize({ width: 360, height: 740 });
      await page.reload();
      await page.getByRole('heading', { name: '实时排名' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'standings-phone.png'), fullPage: true });
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(
        360,
      );
    } finally {
      await browser.close();
    }
  });
});
