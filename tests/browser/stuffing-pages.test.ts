// What a citizen sees of the stuffing defences: a rating form already sent comes back as a
// fresh form with the answers kept, and a window the organiser paused shows a polite notice.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrKey } from '../../apps/api/src/citizen/keys.ts';
import { TEST_SECRET } from '../../apps/api/src/testing/test-app.ts';
import { signWindowCode } from '../../packages/domain/src/security/window-code.ts';
import { browserAvailable, openBrowser, type Stack, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('stuffing defences as a citizen sees them', () => {
  let stack: Stack;
  let windowUrl: string;
  let servicePointId: string;

  beforeAll(async () => {
    stack = await startStack({ ratings: 200 });
    const sp = await stack.database.db
      .selectFrom('service_point as sp')
      .innerJoin('unit as u', 'u.id', 'sp.unit_id')
      .select(['sp.id', 'u.organiser_id'])
      .where('u.code', '=', 'gov-service-centre')
      .where('sp.code', '=', 'w2')
      .executeTakeFirstOrThrow();
    servicePointId = sp.id;
    const code = signWindowCode({
      key: qrKey(TEST_SECRET, sp.organiser_id, 1),
      servicePointId: sp.id,
      version: 1,
    });
    windowUrl = `${stack.webUrl}/r/${code}`;
    stack.setConfig({ RATING_MIN_FILL_SECONDS: 0 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('offers a fresh form, answers kept, when a form that was already sent comes again', async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      const first = await browser.newPage();
      await first.goto(windowUrl);
      const token = await first.locator('input[name=formToken]').inputValue();
      const second = await browser.newPage();
      await second.goto(windowUrl);
      // The second tab carries the first tab's form token, as a script replaying one render would.
      await second.locator('input[name=formToken]').evaluate((el, t) => {
        (el as HTMLInputElement).value = t;
      }, token);
      await first.getByText('满意', { exact: true }).first().click();
      await first.getByRole('button', { name: '提交评价' }).click();
      await first.getByText('感谢您的评价！').waitFor();

      await second.getByText('基本满意', { exact: true }).first().click();
      await second.getByRole('button', { name: '提交评价' }).click();
      await second.getByText('这份评价表已经提交过了', { exact: false }).waitFor();
      // A fresh form, the answer still chosen: sending it again is taken.
      expect(await second.locator('input[name=formToken]').inputValue()).not.toBe(token);
      expect(await second.locator('.r-overall input[value="3"]').isChecked()).toBe(true);
      await second.getByRole('button', { name: '提交评价' }).click();
      await second.getByText('感谢您的评价！').waitFor();
    } finally {
      await browser.close();
    }
  });

  it('shows a polite notice at a paused window', async () => {
    await stack.database.db
      .updateTable('service_point')
      .set({ rating_paused_at: new Date(), rating_paused_reason: '核查中' })
      .where('id', '=', servicePointId)
      .execute();
    // The API's context cache holds a window for 30 s; a pause through the API clears it at once.
    await new Promise((r) => setTimeout(r, 31_000));
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.goto(windowUrl);
      await page.getByText('该窗口的扫码评价暂时暂停', { exact: false }).waitFor();
      expect(await page.locator('form.r-form').count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
