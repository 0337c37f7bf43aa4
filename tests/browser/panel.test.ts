// A deputies' panel end to end: the organiser imports a roster (a bad file first), creates the
// links; the representative opens one, rates two units with a draft in between, submits, and a
// second submit from another tab is refused; the organiser sees who has submitted.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

const HEADER = '姓名,身份,工作单位及职务,联系方式,评议类别,评议单位';

describe.runIf(browserAvailable())('a deputies’ panel in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ratings: 500 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('imports, invites, rates with a draft, submits once, and shows participation', async () => {
    const organiser = await openBrowser();
    const representative = await openBrowser();
    try {
      const page = await organiser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/panel');

      // A file with a bad row: every problem named by line, nothing imported.
      const bad = join(tmpdir(), `roster-bad-${process.pid}.csv`);
      writeFileSync(
        bad,
        `${HEADER}\n林代表,人大代表,某区人大,,,gov-service-centre;hrss\n何委员,议员,,,,hrss\n`,
      );
      await page.getByLabel('名册文件').setInputFiles(bad);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('以下行有误').waitFor();
      await expect(
        page.locator('tr', { hasText: '身份须为' }).locator('td').first().textContent(),
      ).resolves.toBe('3');
      await expect(page.getByRole('button', { name: '确认导入' }).count()).resolves.toBe(0);

      const good = join(tmpdir(), `roster-good-${process.pid}.csv`);
      writeFileSync(good, `${HEADER}\n林代表,人大代表,某区人大,13800138000,,gov-service-centre;hrss\n`);
      await page.getByLabel('名册文件').setInputFiles(good);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('全部无误，可以导入').waitFor();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('已导入 1 人，2 项评议任务').waitFor();

      await page.getByRole('button', { name: '为未发链接的人员生成邀请链接' }).click();
      await page.getByText('只显示这一次').waitFor();
      const link = await page.getByLabel('林代表', { exact: true }).inputValue();
      const path = new URL(link).pathname;
      expect(path).toMatch(/^\/i\/[A-Za-z0-9_-]{43}$/);
      await page.screenshot({ path: join(ARTIFACTS, 'panel-organiser.png'), fullPage: true });

      // The representative, on a phone. Opening the link changes nothing; the button starts.
      const phone = await representative.newPage();
      const opened = await phone.goto(`${stack.webUrl}${path}`);
      // The link page sends a referrer only to its own origin (see hooks.server.ts).
      expect(opened?.headers()['referrer-policy']).toBe('same-origin');
      await phone.reload();
      const [exchanged] = await Promise.all([
        phone.waitForResponse((r) => r.request().method() === 'POST'),
        phone.getByRole('button', { name: '开始评议' }).click(),
      ]);
      expect(exchanged.headers()['referrer-policy']).toBe('no-referrer');
      await phone.waitForURL(/\/panel$/);
      await phone.getByText('林代表（人大代表）').waitFor();
      const units = phone.locator('ul.units li');
      await expect(units.count()).resolves.toBe(2);

      // First unit: score part of it, save a draft, leave.
      await units.filter({ hasText: '省政务服务中心' }).getByRole('link').click();
      await phone.waitForURL(/\/panel\/[0-9a-f-]{36}$/);
      const first = phone.locator('fieldset').first();
      await first.locator('input').fill('85');
      await phone.getByRole('button', { name: '保存草稿' }).click();
      await phone.getByText('草稿已保存').waitFor();
      await phone.getByRole('link', { name: /返回单位列表/ }).click();
      await phone.waitForURL(/\/panel$/);
      await expect(units.filter({ hasText: '省政务服务中心' }).getByText('草稿').count()).resolves.toBe(1);

      // Second unit: everything, submitted.
      await units.filter({ hasText: '省人力资源和社会保障厅' }).getByRole('link').click();
      await phone.waitForURL(/\/panel\/[0-9a-f-]{36}$/);
      const secondUrl = phone.url();
      const fieldsets = phone.locator('fieldset');
      for (let i = 0; i < (await fieldsets.count()); i++) await fieldsets.nth(i).locator('input').fill('78');
      // A second tab with the same unit open, to try to submit again afterwards.
      const otherTab = await representative.newPage();
      await otherTab.goto(secondUrl);
      await phone.getByRole('button', { name: '提交（提交后不可修改）' }).click();
      await phone.getByText('已提交，感谢您的评议！').waitFor();

      const others = otherTab.locator('fieldset');
      for (let i = 0; i < (await others.count()); i++) await others.nth(i).locator('input').fill('20');
      await otherTab.getByRole('button', { name: '提交（提交后不可修改）' }).click();
      await otherTab.getByText('该单位的评议已经提交，不能再次提交或修改。').waitFor();

      // Back to the draft (it is still there), finish it and submit.
      await phone.goto(`${stack.webUrl}/panel`);
      await units.filter({ hasText: '省政务服务中心' }).getByRole('link').click();
      await phone.waitForURL(/\/panel\/[0-9a-f-]{36}$/);
      await expect(phone.locator('fieldset').first().locator('input').inputValue()).resolves.toBe('85');
      const all = phone.locator('fieldset');
      // An out-of-range score is refused with a field message, and nothing is submitted.
      await all.nth(1).locator('input').fill('120');
      await phone.getByRole('button', { name: '提交（提交后不可修改）' }).click();
      await phone.getByText('分值须在 0–100 之间').waitFor();
      // Let the page hydrate before typing, or hydration could put the sent values back.
      await phone.waitForLoadState('networkidle');
      for (let i = 1; i < (await all.count()); i++) await all.nth(i).locator('input').fill('92');
      await phone.screenshot({ path: join(ARTIFACTS, 'panel-unit.png'), fullPage: true });
      // This time from the keyboard (the form must be usable without a pointer).
      await phone.getByRole('button', { name: '提交（提交后不可修改）' }).focus();
      await phone.keyboard.press('Enter');
      await phone.getByText('已提交，感谢您的评议！').waitFor();
      await expect(units.getByText('已提交').count()).resolves.toBe(2);

      // The link itself is spent: a forwarded copy cannot start another session.
      const stranger = await representative.newPage();
      await stranger.goto(`${stack.webUrl}${path}`);
      await stranger.getByRole('button', { name: '开始评议' }).click();
      await stranger.getByText('此邀请链接已经使用过').waitFor();

      // The organiser sees who has submitted.
      await page.goto(`${stack.webUrl}/admin/panel`);
      const row = page.locator('tr', { hasText: '林代表' });
      await expect(row.locator('td').nth(3).textContent()).resolves.toBe('2');
      await expect(row.getByText('已使用').count()).resolves.toBe(1);
      await page.getByText('本周期评议为匿名').waitFor();
    } finally {
      await organiser.close();
      await representative.close();
    }
  });
});
