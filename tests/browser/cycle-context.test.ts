// The console's cycle context and the writes a cycle's state refuses, as each role meets them:
// the organiser sees the open cycle (never next year's draft) in every screen's header, picks
// another and keeps it across screens; links cannot be issued for a draft; one person's link is
// reissued (copy-all, CSV) and withdrawn; the representative whose cycle has closed is told so on
// opening the link; the liaison's own-unit page and the public home page never show the draft.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('the cycle context in Chromium', () => {
  let stack: Stack;
  let openCycle: { id: string; name: string };
  beforeAll(async () => {
    stack = await startStack({ ratings: 500 });
    const db = stack.database.db;
    openCycle = await db
      .selectFrom('cycle')
      .select(['id', 'name', 'organiser_id'])
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();
    const { organiser_id } = await db
      .selectFrom('cycle')
      .select('organiser_id')
      .where('id', '=', openCycle.id)
      .executeTakeFirstOrThrow();
    // Next year's draft: the newest cycle, which screens used to open on.
    await db
      .insertInto('cycle')
      .values({
        organiser_id,
        year: 2027,
        name: '2027 年度模范机关考评',
        starts_on: '2027-01-01',
        ends_on: '2027-12-31',
      })
      .execute();
  }, 120_000);
  afterAll(() => stack?.stop());

  const header = (page: import('playwright-core').Page) => page.getByRole('region', { name: '当前考评周期' });

  it('organiser: the open cycle by default, a chosen one kept across screens, no links for a draft', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/results');
      await expect(header(page).locator('.cycle-now').textContent()).resolves.toMatch(
        new RegExp(`${openCycle.name}.*进行中`),
      );
      await expect(page.getByText('2027 年度模范机关考评（草稿）', { exact: false }).count()).resolves.toBe(
        1,
      ); // only in the picker
      await page.screenshot({ path: join(ARTIFACTS, 'cycle-context-results.png'), fullPage: true });

      // Pick the draft in the header: every screen then shows it, with its state.
      await header(page).getByLabel('切换考评周期').selectOption({ label: '2027 年度模范机关考评（草稿）' });
      await header(page).getByRole('button', { name: '切换' }).click();
      await header(page).locator('.cycle-now', { hasText: '草稿' }).waitFor();
      await page.goto(`${stack.webUrl}/admin/panel`);
      await expect(header(page).locator('.cycle-now').textContent()).resolves.toMatch(
        /2027 年度模范机关考评.*草稿/,
      );
      // Links for a draft are refused before anyone works for them, with what to do instead.
      await page.getByText('请先在“考评周期”页开始考评，再生成链接').waitFor();
      await expect(page.getByRole('button', { name: '为未发链接的人员生成邀请链接' }).count()).resolves.toBe(
        0,
      );
      await page.screenshot({ path: join(ARTIFACTS, 'cycle-context-panel-draft.png'), fullPage: true });
      await page.goto(`${stack.webUrl}/admin/releases`);
      await header(page).locator('.cycle-now', { hasText: '2027' }).waitFor();

      // Back to the open cycle: reissue one person's link, copy-all and CSV, then withdraw it.
      await header(page)
        .getByLabel('切换考评周期')
        .selectOption({ label: `${openCycle.name}（进行中）` });
      await header(page).getByRole('button', { name: '切换' }).click();
      await header(page).locator('.cycle-now', { hasText: '进行中' }).waitFor();
      await page.goto(`${stack.webUrl}/admin/panel`);
      const firstReissue = page.getByRole('button', { name: /^重发链接 / }).first();
      const who = ((await firstReissue.getAttribute('aria-label')) ?? '').replace('重发链接 ', '');
      await firstReissue.click();
      await page.getByText('已为该人员重发链接').waitFor();
      const all = await page.getByLabel('全部链接（可全选复制）').inputValue();
      expect(all).toMatch(new RegExp(`^${who}\\t\\S+/i/[A-Za-z0-9_-]{43}$`));
      const csvHref = (await page.getByRole('link', { name: '下载链接 CSV' }).getAttribute('href')) ?? '';
      const csv = decodeURIComponent(csvHref.replace(/^data:text\/csv;charset=utf-8,/, ''));
      expect(csv.startsWith('\ufeff姓名 name,邀请链接 link,有效期至 expires\r\n')).toBe(true);
      expect(csv).toContain(all.split('\t')[1]);
      await page.screenshot({ path: join(ARTIFACTS, 'cycle-context-panel-reissue.png'), fullPage: true });
      const token = new URL(all.split('\t')[1] as string).pathname;
      await page.getByRole('button', { name: `撤回链接 ${who}` }).click();
      await page.getByText('已撤回该人员的邀请链接').waitFor();
      const withdrawnPage = await browser.newPage();
      await withdrawnPage.goto(`${stack.webUrl}${token}`);
      await withdrawnPage.getByRole('alert').waitFor();
      await expect(withdrawnPage.getByRole('button', { name: '开始评议' }).count()).resolves.toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('representative: a link for a closed cycle says so at once, with no form to fill', async () => {
    const organiser = await openBrowser();
    const phone = await openBrowser();
    try {
      const page = await organiser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/panel');
      await page
        .getByRole('button', { name: /^重发链接 / })
        .first()
        .click();
      const link = (await page.getByLabel('全部链接（可全选复制）').inputValue()).split('\t')[1] as string;
      await stack.database.db
        .updateTable('cycle')
        .set({ state: 'closed' })
        .where('id', '=', openCycle.id)
        .execute();
      try {
        const p = await phone.newPage();
        await p.goto(`${stack.webUrl}${new URL(link).pathname}`);
        await p.getByText('该考评周期已截止，不再接受评议和评分。').waitFor();
        await expect(p.getByRole('button', { name: '开始评议' }).count()).resolves.toBe(0);
        await p.screenshot({ path: join(ARTIFACTS, 'cycle-context-invitation-closed.png'), fullPage: true });
      } finally {
        await stack.database.db
          .updateTable('cycle')
          .set({ state: 'open' })
          .where('id', '=', openCycle.id)
          .execute();
      }
    } finally {
      await organiser.close();
      await phone.close();
    }
  });

  it('liaison and the public: the open cycle on the own-unit page, published results only at home', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, stack.webUrl, 'liaison', DEMO_PASSWORD, '/admin/dashboard');
      await expect(header(page).locator('.cycle-now').textContent()).resolves.toMatch(
        new RegExp(`${openCycle.name}.*进行中`),
      );
      await page.screenshot({ path: join(ARTIFACTS, 'cycle-context-liaison.png'), fullPage: true });
      await page.goto(stack.webUrl);
      await page.getByText('尚未公布考评结果。').first().waitFor();
      const home = (await page.locator('main, body').first().textContent()) ?? '';
      expect(home).not.toContain('2027 年度模范机关考评');
      expect(home).not.toContain('当前考评周期');
      await page.screenshot({ path: join(ARTIFACTS, 'cycle-context-home.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
