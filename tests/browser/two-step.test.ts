// Two-step verification in a real browser: an assessment agency's analyst turns it on by
// scanning (here: reading) the key, signs out, is asked for the code, and signs in with it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../apps/api/src/auth/totp.ts';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('two-step verification in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ratings: 300 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('is turned on from the account page and then asked for at sign-in', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, stack.webUrl, 'agency', DEMO_PASSWORD, '/admin/account');
      await page.getByRole('button', { name: '开启两步验证' }).click();
      const secret = ((await page.locator('code.secret').textContent()) ?? '').trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await expect(page.locator('.qr svg').count()).resolves.toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'two-step-setup.png'), fullPage: true });
      await page.getByLabel('验证码').fill('000000');
      await page.getByRole('button', { name: '确认开启' }).click();
      await page.getByText('验证码不正确').waitFor();
      // Not on yet after a wrong code: the setup starts again with a new key.
      await page.getByRole('button', { name: '开启两步验证' }).click();
      const fresh = ((await page.locator('code.secret').textContent()) ?? '').trim();
      await page.getByLabel('验证码').fill(totpCode(fresh, new Date()));
      await page.getByRole('button', { name: '确认开启' }).click();
      await page.getByText('两步验证已开启。').waitFor();

      await page.goto(`${stack.webUrl}/admin`);
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(`${stack.webUrl}/`);
      await page.goto(`${stack.webUrl}/sign-in`);
      await page.getByLabel('账号').fill('agency');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/已开启两步验证/);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      // The next step's code: the one that confirmed the setup may not be used again.
      await page.getByLabel('动态验证码').fill(totpCode(fresh, new Date(Date.now() + 30_000)));
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/admin$/);
    } finally {
      await browser.close();
    }
  });
});
