// Institutional opinions end to end: a superior agency scores a unit by form (a score off the
// scale first) and by the spreadsheet it downloads; the petition office records complaint counts;
// the discipline body records a finding, sees the deduction, and withdraws it.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('institutional opinions in Chromium', () => {
  let stack: Stack;
  let browser: BrowserContext;
  beforeAll(async () => {
    stack = await startStack({ ratings: 500 });
  }, 120_000);
  afterAll(() => stack?.stop());

  async function openAs(login: string, next: string): Promise<Page> {
    browser = await openBrowser();
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await signIn(page, stack.webUrl, login, DEMO_PASSWORD, next);
    return page;
  }

  it('lets a superior agency score a unit by form and by spreadsheet', async () => {
    const page = await openAs('superior', '/admin/scores');
    try {
      const row = page.locator('tr', { hasText: '省政务服务中心' });
      await expect(row.textContent()).resolves.toContain('上级机关评价');
      await row.getByRole('link').click();
      await page.waitForURL(/\/admin\/scores\/[0-9a-f-]{36}\?cycle=/);
      const first = page.locator('fieldset').first();
      const scoreField = first.getByLabel(/^分数/);
      const max = Number(/–(\d+)/.exec((await first.locator('label').first().textContent()) ?? '')?.[1]);
      await scoreField.fill(String(max + 1));
      await page.getByRole('button', { name: '保存评分' }).click();
      await first.locator('.field-error').waitFor();
      await expect(first.locator('.field-error').textContent()).resolves.toMatch(/分数须在/);
      await scoreField.fill(String(max - 1));
      await page.getByRole('button', { name: '保存评分' }).click();
      await page.getByText('评分已保存。').waitFor();
      await expect(page.locator('fieldset').first().getByLabel(/^分数/).inputValue()).resolves.toBe(
        String(max - 1),
      );
      await page.screenshot({ path: join(ARTIFACTS, 'opinions-score-form.png'), fullPage: true });

      // The spreadsheet: download it, change one score, upload, preview, import.
      await page.getByRole('link', { name: '返回评分列表' }).click();
      await page.waitForURL(/\/admin\/scores\?cycle=/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载评分表' }).click(),
      ]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync((await download.path()) as string) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      expect(sheet.getRow(1).getCell(6).text).toBe('分数');
      let target = 0;
      sheet.eachRow((r, line) => {
        if (line > 1 && target === 0 && r.getCell(2).text === '省政务服务中心') target = line;
      });
      sheet.getRow(target).getCell(6).value = 999; // off every scale: the preview must name it
      const bad = join(tmpdir(), `scores-bad-${process.pid}.xlsx`);
      writeFileSync(bad, new Uint8Array(await book.xlsx.writeBuffer()));
      await page.getByLabel('评分文件').setInputFiles(bad);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('未导入任何评分').waitFor();
      await expect(
        page.locator('tr', { hasText: '分数须在' }).locator('td').first().textContent(),
      ).resolves.toBe(String(target));
      sheet.getRow(target).getCell(6).value = 1;
      const good = join(tmpdir(), `scores-good-${process.pid}.xlsx`);
      writeFileSync(good, new Uint8Array(await book.xlsx.writeBuffer()));
      await page.getByLabel('评分文件').setInputFiles(good);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('文件无误').waitFor();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText(/已导入 \d+ 个单位的 \d+ 个分数/).waitFor();
      const stored = await stack.database.db
        .selectFrom('indicator_score as s')
        .innerJoin('unit as u', 'u.id', 's.unit_id')
        .innerJoin('indicator as i', 'i.id', 's.indicator_id')
        .select(['s.score'])
        .where('u.name', '=', '省政务服务中心')
        .where('s.channel', '=', 'superior')
        .where('i.code', '=', sheet.getRow(target).getCell(3).text)
        .executeTakeFirstOrThrow();
      expect(stored.score).toBe(1);
    } finally {
      await browser.close();
    }
  });

  it('lets the petition office record complaint counts, refusing impossible ones', async () => {
    const page = await openAs('petition', '/admin/petition');
    try {
      await page.getByLabel('单位').selectOption({ label: '省政务服务中心' });
      await page.getByLabel('起始日期').fill('2026-11-01');
      await page.getByLabel('截止日期').fill('2026-11-30');
      await page.getByLabel('投诉件数').fill('2');
      await page.getByLabel('查实件数').fill('3');
      await page.getByRole('button', { name: '保存意见' }).click();
      await page.getByText('查实件数不能多于投诉件数').waitFor();
      // What was typed is still there, to be corrected rather than retyped.
      await expect(page.getByLabel('投诉件数').inputValue()).resolves.toBe('2');
      await page.getByLabel('查实件数').fill('1');
      await page.getByRole('button', { name: '保存意见' }).click();
      await page.getByText('意见已保存。').waitFor();
      await page.locator('tr', { hasText: '2026-11-01' }).filter({ hasText: '省政务服务中心' }).waitFor();
    } finally {
      await browser.close();
    }
  });

  it('lets the discipline body record a finding, see its deduction, and withdraw it', async () => {
    const page = await openAs('discipline', '/admin/discipline');
    try {
      await page.getByLabel('单位').selectOption({ label: '省政务服务中心' });
      await page.getByLabel('问题类型').selectOption({ label: '违反中央八项规定精神' });
      await page.getByLabel('问题及依据').fill('公务用车私用（浏览器测试）');
      await page.getByLabel('发现日期').fill('2026-10-20');
      await page.getByRole('button', { name: '登记问题' }).click();
      await page.getByText('问题已登记。').waitFor();
      const deductionRow = page.locator('tr', { hasText: '省政务服务中心' });
      await expect(deductionRow.locator('td').nth(2).textContent()).resolves.toBe('3');
      await page.screenshot({ path: join(ARTIFACTS, 'opinions-discipline.png'), fullPage: true });

      const card = page.locator('li', { hasText: '公务用车私用（浏览器测试）' });
      await card.getByLabel('撤回理由').fill('经复核，属于误录');
      await card.getByRole('button', { name: '撤回' }).click();
      await page
        .locator('li', { hasText: '公务用车私用（浏览器测试）' })
        .getByText('经复核，属于误录')
        .waitFor();
      await expect(page.locator('tr', { hasText: '省政务服务中心' }).count()).resolves.toBe(0);
    } finally {
      await browser.close();
    }
  });
});
