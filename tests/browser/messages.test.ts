// Human messages, as each role meets them: every error of a form at once, beside its field,
// worded by the one catalogue (the field's label and the allowed range, never validator text);
// an upload that is not a table said to be so; the roster template importing unchanged; the
// representative's indicators grouped under their parent; a fixed citizen field losing its error.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrKey } from '../../apps/api/src/citizen/keys.ts';
import { TEST_SECRET } from '../../apps/api/src/testing/test-app.ts';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { signWindowCode } from '../../packages/domain/src/security/window-code.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

// What zod says by itself, in either language; none of it may reach a page.
const RAW = /期望|expected|无效输入|Invalid input|Too (big|small)|数值过|<=|>=/i;

async function errorsOn(page: Page): Promise<string[]> {
  const texts = await page.locator('.field-error').allTextContents();
  for (const t of texts) expect(t).not.toMatch(RAW);
  return texts.map((t) => t.trim());
}

describe.runIf(browserAvailable())('human messages in Chromium', () => {
  let stack: Stack;
  let windowUrl: string;
  beforeAll(async () => {
    stack = await startStack({ ratings: 300 });
    const sp = await stack.database.db
      .selectFrom('service_point as sp')
      .innerJoin('unit as u', 'u.id', 'sp.unit_id')
      .select(['sp.id', 'u.organiser_id'])
      .where('u.code', '=', 'gov-service-centre')
      .where('sp.code', '=', 'w1')
      .executeTakeFirstOrThrow();
    const code = signWindowCode({
      key: qrKey(TEST_SECRET, sp.organiser_id, 1),
      servicePointId: sp.id,
      version: 1,
    });
    windowUrl = `${stack.webUrl}/r/${code}`;
    stack.setConfig({ RATING_MIN_FILL_SECONDS: 0 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('citizen: every error at once, in words; a fixed field loses its error (no JavaScript)', async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(windowUrl);
      // A comment longer than the limit (the textarea's own limit taken off, as an old browser
      // or a pasted text past it would) and no overall answer: both are named at once.
      await page.locator('#comment').evaluate((el) => el.removeAttribute('maxlength'));
      await page.locator('#comment').fill('等'.repeat(734));
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('请选择您的总体满意度。').waitFor();
      expect(await errorsOn(page)).toEqual(['请选择您的总体满意度。', '评论最多 500 字，现在 734 字']);

      // Dissatisfied with a phone but no consent, the comment shortened: the comment's error goes,
      // the consent is asked for in a sentence.
      await page
        .getByRole('group', { name: /总体满意度/ })
        .getByLabel('不满意', { exact: true })
        .check();
      await page.locator('#comment').fill('窗口无人，等了很久（消息测试）');
      await page.getByLabel('联系电话').fill('139 0000 2222');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('请勾选“同意回访”').waitFor();
      expect(await errorsOn(page)).toEqual(['请勾选“同意回访”']);
      await expect(page.locator('#comment').inputValue()).resolves.toBe('窗口无人，等了很久（消息测试）');
      await page.screenshot({ path: join(ARTIFACTS, 'messages-citizen.png'), fullPage: true });

      // Line breaks count once each, as the browser counts them: 500 characters with line
      // breaks are taken (the browser sends each as CRLF).
      await page.getByLabel(/我同意/).check();
      const lines = `${'好'.repeat(49)}\n`.repeat(10);
      await page.locator('#comment').fill(lines);
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.waitForURL(/\/r\/thanks/);
    } finally {
      await browser.close();
    }
  });

  it('citizen, in English: the same sentences in English', async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      // The reader's saved language choice (the 中文 / English switch).
      await browser.addCookies([{ name: 'lang', value: 'en', url: stack.webUrl }]);
      const page = await browser.newPage();
      await page.goto(windowUrl);
      await page.locator('#comment').evaluate((el) => el.removeAttribute('maxlength'));
      await page.locator('#comment').fill('x'.repeat(734));
      await page.getByRole('button', { name: /Submit/ }).click();
      await page.locator('.field-error').first().waitFor();
      expect(await errorsOn(page)).toEqual([
        'Please choose how satisfied you are overall.',
        'Comment: at most 500 characters (734 given)',
      ]);
    } finally {
      await browser.close();
    }
  });

  it('organiser: a PNG upload is not a table; the roster template imports unchanged', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/panel');
      const png = join(tmpdir(), `roster-${process.pid}.csv`);
      writeFileSync(
        png,
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      );
      await page.getByLabel('名册文件').setInputFiles(png);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('不是 CSV 或 XLSX 文件').waitFor();
      await expect(page.getByText(/缺少|missing column/).count()).resolves.toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'messages-upload-png.png'), fullPage: true });

      // The template, downloaded and uploaded as it is.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载名册模板' }).click(),
      ]);
      await page.getByLabel('名册文件').setInputFiles((await download.path()) as string);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('全部无误，可以导入').waitFor();
      // The name column is headed 姓名, not the representative's page title.
      await expect(page.locator('th', { hasText: '我的评议' }).count()).resolves.toBe(0);
      await expect(page.locator('th', { hasText: '姓名' }).count()).resolves.toBeGreaterThan(0);
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText(/已导入 2 人/).waitFor();
      // Nothing is sent by Kaimen: a new link reads as issued, not "sent".
      await page.getByRole('button', { name: '为未发链接的人员生成邀请链接' }).click();
      await page.getByLabel('张三', { exact: true }).waitFor();
      await page.goto(`${stack.webUrl}/admin/panel`);
      const row = page.locator('tr', { hasText: '张三' });
      await expect(row.getByText('已生成链接').count()).resolves.toBe(1);
      await expect(page.getByText('已发送').count()).resolves.toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('organiser: a too-long name and a year out of range, both named with their limits', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/cycles');
      await page.getByLabel('年度').fill('2200');
      await page.getByLabel(/^名称/).fill('考'.repeat(250));
      await page.getByRole('button', { name: /新建/ }).click();
      await page.locator('.field-error').first().waitFor();
      expect(await errorsOn(page)).toEqual(
        expect.arrayContaining(['年度须在 2000 至 2100 之间', '周期名称最多 200 字，现在 250 字']),
      );
      await page.screenshot({ path: join(ARTIFACTS, 'messages-organiser-cycle.png'), fullPage: true });

      // A release's k below its minimum (the browser's own check taken off).
      await page.goto(`${stack.webUrl}/admin/releases`);
      await page
        .locator('form', { has: page.locator('#k') })
        .evaluate((f) => f.setAttribute('novalidate', ''));
      await page.locator('#k').fill('2');
      await page.getByRole('button', { name: '生成数据集' }).click();
      await page.getByText('每组最少评价数 k 须在 5 至 100 之间').waitFor();
      await errorsOn(page);
    } finally {
      await browser.close();
    }
  });

  it('superior agency: a non-number and an off-scale score are named together', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1100, height: 900 });
      await signIn(page, stack.webUrl, 'superior', DEMO_PASSWORD, '/admin/scores');
      await page.locator('tr', { hasText: '省政务服务中心' }).getByRole('link').click();
      await page.waitForURL(/\/admin\/scores\/[0-9a-f-]{36}\?cycle=/);
      const fields = page.locator('fieldset');
      await fields.nth(0).getByLabel(/^分数/).fill('abc');
      await fields.nth(1).getByLabel(/^分数/).fill('1000');
      await page.getByRole('button', { name: '保存评分' }).click();
      await fields.nth(1).locator('.field-error').waitFor();
      await expect(fields.nth(0).locator('.field-error').textContent()).resolves.toMatch(/分数须为数字/);
      await expect(fields.nth(1).locator('.field-error').textContent()).resolves.toMatch(
        /分数须在 \d+ 至 \d+ 之间/,
      );
      await errorsOn(page);
      await page.screenshot({ path: join(ARTIFACTS, 'messages-superior-scores.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('representative: indicators grouped under their parent; every missing score named at once', async () => {
    const organiser = await openBrowser();
    const representative = await openBrowser();
    try {
      const page = await organiser.newPage();
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/panel');
      const roster = join(tmpdir(), `roster-group-${process.pid}.csv`);
      writeFileSync(
        roster,
        '姓名,身份,工作单位及职务,联系方式,评议类别,评议单位\n钱代表,党代表,,,,gov-service-centre\n',
      );
      await page.getByLabel('名册文件').setInputFiles(roster);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText(/已导入 1 人/).waitFor();
      await page.getByRole('button', { name: '为未发链接的人员生成邀请链接' }).click();
      const link = await page.getByLabel('钱代表', { exact: true }).inputValue();

      const phone = await representative.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${stack.webUrl}${new URL(link).pathname}`);
      await phone.getByRole('button', { name: '开始评议' }).click();
      await phone.waitForURL(/\/panel$/);
      await phone.locator('ul.units li').first().getByRole('link').click();
      await phone.waitForURL(/\/panel\/[0-9a-f-]{36}$/);
      const groups = phone.locator('section.group');
      const headings = await groups.locator('h2').allTextContents();
      expect(headings.length).toBeGreaterThan(1);
      expect(new Set(headings).size).toBe(headings.length);
      for (let g = 0; g < (await groups.count()); g++)
        expect(await groups.nth(g).locator('fieldset').count()).toBeGreaterThan(0);
      const indicators = await phone.locator('fieldset').count();
      await phone.getByRole('button', { name: '提交（提交后不可修改）' }).click();
      await phone.locator('.field-error').first().waitFor();
      expect((await errorsOn(phone)).length).toBe(indicators);
      await phone.screenshot({ path: join(ARTIFACTS, 'messages-representative.png'), fullPage: true });
    } finally {
      await organiser.close();
      await representative.close();
    }
  });
});
