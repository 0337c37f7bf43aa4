// A dataset release end to end: the organiser builds it for an agency; the agency's analyst
// accepts the data-use terms, downloads the CSV, issues an API key (shown once) that a script
// uses against the API, and revokes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('dataset releases in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ratings: 3000 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('is built by the organiser and downloaded by the agency, by browser and by API key', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1100, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin');
      await page.getByRole('link', { name: '数据发布' }).click();
      await page.getByRole('heading', { name: '生成数据集' }).waitFor();
      // k below 5 is refused beside its field, nothing built (checked by the server too, as for a
      // browser that does not enforce the field's min).
      await page.locator('form[action="?/build"]').evaluate((f) => {
        (f as HTMLFormElement).noValidate = true;
      });
      await page.getByLabel('每组最少评价数 k').fill('3');
      await page.getByRole('button', { name: '生成数据集' }).click();
      await page.locator('.field-error').first().waitFor();
      await expect(page.getByText('还没有数据集。').count()).resolves.toBe(1);
      await page.getByLabel('每组最少评价数 k').fill('5');
      await page.getByLabel('省社会科学院公共治理评估中心').check();
      await page.getByLabel('包含文字评价').check();
      await page.getByLabel('包含代表委员、特约监督员的评议').check();
      await page.getByRole('button', { name: '生成数据集' }).click();
      await page.getByText(/^已开始生成数据集/).waitFor();
      // Built in the background; the page looks again by itself until the report is there.
      await page
        .locator('dt')
        .filter({ hasText: /^行数$/ })
        .waitFor();
      // The report says how many comments went out and what was masked in them.
      await page
        .locator('dt')
        .filter({ hasText: /^文字评价$/ })
        .locator('xpath=following-sibling::dd[1]')
        .filter({ hasText: /\d+ 条，其中 \d+ 条有遮盖/ })
        .waitFor();
      await page
        .locator('dt')
        .filter({ hasText: /^评议（保留/ })
        .waitFor();
      const rows = Number(
        await page
          .locator('dt')
          .filter({ hasText: /^行数$/ })
          .locator('xpath=following-sibling::dd[1]')
          .textContent(),
      );
      expect(rows).toBeGreaterThan(0);
      // The published summary table: counts per place and level, small ones hidden.
      await page.getByText('汇总表（按评价等级）').click();
      const summary = page.locator('details[open] table').first();
      await summary.waitFor();
      expect(await summary.locator('tbody tr').count()).toBeGreaterThan(0);
      for (const cell of await summary.locator('tbody td').allTextContents())
        expect(/^\d+$/.test(cell) ? Number(cell) === 0 || Number(cell) >= 5 : true).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'releases-organiser.png'), fullPage: true });

      await page.context().clearCookies();
      await signIn(page, stack.webUrl, 'agency', DEMO_PASSWORD, '/admin');
      await page.getByRole('link', { name: '评估数据集' }).click();
      await page.getByRole('heading', { name: '数据使用条款' }).waitFor();
      // No download link before the terms are accepted.
      await expect(page.getByRole('link', { name: /下载 rows.csv/ }).count()).resolves.toBe(0);
      await page.getByRole('button', { name: '代表本机构确认以上条款' }).click();
      await page.getByText(/本机构已于 .* 确认条款/).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载 rows.csv' }).click(),
      ]);
      const file = join(ARTIFACTS, 'release.csv');
      await download.saveAs(file);
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const table = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
      expect(table).toHaveLength(rows);
      expect(Object.keys(table[0]!)).toEqual(
        expect.arrayContaining([
          'row_no',
          'channel',
          'category',
          'period',
          'overall',
          'panel_score',
          'comment',
        ]),
      );

      // An API key for scripts: shown once, works against the API, then revoked.
      await page.getByRole('button', { name: '生成密钥' }).click();
      const key = (await page.locator('code.key').textContent()) as string;
      expect(key).toMatch(/^ak_/);
      await page.screenshot({ path: join(ARTIFACTS, 'releases-agency.png'), fullPage: true });
      const headers = { authorization: `Bearer ${key}` };
      const list = (await (await fetch(`${stack.apiUrl}/v1/releases`, { headers })).json()) as {
        releases: { id: string }[];
      };
      expect(list.releases).toHaveLength(1);
      const jsonl = await fetch(`${stack.apiUrl}/v1/releases/${list.releases[0]!.id}/rows.jsonl`, {
        headers,
      });
      expect((await jsonl.text()).trim().split('\n')).toHaveLength(rows);
      await page.reload();
      await expect(page.locator('code.key').count()).resolves.toBe(0);
      await page.getByRole('button', { name: /撤销/ }).click();
      await page.getByText('已撤销').waitFor();
      expect((await fetch(`${stack.apiUrl}/v1/releases`, { headers })).status).toBe(401);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
