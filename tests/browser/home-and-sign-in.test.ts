// A person opens the platform in a real browser: the home page, the staff sign-in (with and
// without JavaScript), the console, the language switch, and signing out.
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, startStack } from './support/stack.ts';

const run = browserAvailable();

describe.runIf(run)('home page and staff sign-in in Chromium', () => {
  let stack: Stack;
  // The home page counts the citizens' counted ratings (not held or rejected ones).
  let counted = '';
  beforeAll(async () => {
    stack = await startStack({ ratings: 1500 });
    // The home page shows the latest published cycle only (tests/browser/cycle-context.test.ts
    // checks that an unpublished one is not announced): publish the demo's.
    await stack.database.db.updateTable('cycle').set({ state: 'published' }).execute();
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM citizen_rating WHERE kaimen_rating_counts(quarantine_state, malicious)`.execute(
      stack.database.db,
    );
    counted = (rows[0]?.n ?? 0).toLocaleString('en');
  }, 120_000);
  afterAll(() => stack?.stop());

  for (const javaScriptEnabled of [true, false]) {
    it(`works with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const browser = await openBrowser({ javaScriptEnabled });
      try {
        const page = await browser.newPage();
        // The Content-Security-Policy must not block anything the pages need (inline scripts).
        const blocked: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
        });
        const home = await page.goto(stack.webUrl);
        const headers = home?.headers() ?? {};
        expect(headers['content-security-policy']).toContain("script-src 'self' 'nonce-");
        expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['permissions-policy']).toContain('camera=()');
        expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
        await expect(page.locator('h1').textContent()).resolves.toBe('开门考评');
        await expect(page.getByText('省直机关工委考评办').count()).resolves.toBe(1);
        expect(counted).not.toBe('0');
        await expect(page.getByText(counted, { exact: true }).count()).resolves.toBe(1);
        await expect(page.getByText('最新公布的考评结果').count()).resolves.toBe(1);
        await page.screenshot({ path: join(ARTIFACTS, `home-js-${javaScriptEnabled}.png`), fullPage: true });

        await page.getByRole('link', { name: '工作人员登录' }).click();
        await page.getByLabel('账号').fill('organiser');
        await page.getByLabel('密码').fill('not the password');
        await page.getByRole('button', { name: '登录' }).click();
        await expect(page.getByRole('alert').textContent()).resolves.toBe(
          '账号或密码不正确。连续多次失败后账号会暂时锁定，请稍后再试。',
        );

        await page.getByLabel('密码').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: '登录' }).click();
        await page.waitForURL(/\/admin$/);
        await expect(page.getByText('考评办 张主任').count()).resolves.toBe(1);
        await page.screenshot({
          path: join(ARTIFACTS, `console-js-${javaScriptEnabled}.png`),
          fullPage: true,
        });

        await page.getByRole('link', { name: 'English' }).click();
        await page.locator('h1', { hasText: 'Console' }).waitFor();
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(`${stack.webUrl}/`);
        await page.goto(`${stack.webUrl}/admin`);
        await page.waitForURL(/\/sign-in(\?|$)/);
        expect(blocked).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});
