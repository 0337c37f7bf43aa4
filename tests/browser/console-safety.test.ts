// Console safety as the organiser and a liaison meet it (issue 21): the 工作台 lists each
// role's to-dos with a link to the screen; closing, publishing and delisting ask again and say
// what cannot be undone (one click no longer does it); 新建周期 copies the latest cycle and
// refuses a second cycle of a year; a draft made by mistake is deleted with JavaScript off;
// each window's rating address stands as text. Screenshots go to artifacts/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('console safety in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ratings: 300 });
  }, 120_000);
  afterAll(() => stack?.stop());

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  const db = () => stack.database.db;
  const liaisonUnit = async () =>
    (
      await db()
        .selectFrom('staff_user as s')
        .innerJoin('organisation as o', 'o.id', 's.organisation_id')
        .select('o.unit_id')
        .where('s.login', '=', 'liaison')
        .executeTakeFirstOrThrow()
    ).unit_id as string;

  it('organiser: to-dos, rating addresses, and close / publish / delist only after a second yes', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      const cycle = await db().selectFrom('cycle').select(['id', 'name']).executeTakeFirstOrThrow();
      await db()
        .updateTable('citizen_rating')
        .set({ quarantine_state: 'quarantined', quarantine_reason: '浏览器测试' })
        .where('id', 'in', (eb) => eb.selectFrom('citizen_rating').select('id').orderBy('id').limit(3))
        .execute();
      const waiting = await db()
        .selectFrom('citizen_rating')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('quarantine_state', '=', 'quarantined')
        .executeTakeFirstOrThrow();

      // 工作台: each to-do with its count and a link to its screen.
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin');
      await page.getByRole('heading', { name: '待办事项' }).waitFor();
      const quarantine = page.getByRole('link', { name: /条群众评价在隔离区等待审核/ });
      await expect(quarantine.textContent()).resolves.toMatch(new RegExp(`^\\s*${Number(waiting.n)}\\s`));
      await shot(page, 'console-todos-organiser');
      await quarantine.click();
      await page.waitForURL(/\/admin\/quarantine$/);

      // A window's rating address as text, the one its QR carries.
      await page.goto(`${stack.webUrl}/admin/setup/units/${await liaisonUnit()}`);
      const address = page.getByLabel(/^评价网址 /).first();
      await expect(address.inputValue()).resolves.toMatch(/^https?:\/\/[^/]+\/r\/[A-Za-z0-9_.~-]+$/);
      const code = decodeURIComponent(new URL(await address.inputValue()).pathname.slice(3));
      expect((await fetch(`${stack.apiUrl}/v1/rating-form?code=${encodeURIComponent(code)}`)).status).toBe(
        200,
      );
      await shot(page, 'console-rating-url');

      // Closing: the first click only says what will happen.
      await page.goto(`${stack.webUrl}/admin/cycles/${cycle.id}`);
      await page.getByRole('button', { name: '截止考评' }).click();
      await page.getByText('截止后不能重新开放本周期接受评价。').waitFor();
      await shot(page, 'confirm-close');
      const stateOf = async () =>
        (await db().selectFrom('cycle').select('state').where('id', '=', cycle.id).executeTakeFirstOrThrow())
          .state;
      expect(await stateOf()).toBe('open');
      await page.getByRole('button', { name: '确认截止考评' }).click();
      await page.getByText('已保存。').waitFor();
      expect(await stateOf()).toBe('closed');

      // Publishing: the same, and the revision stays in review until the second yes.
      await page.goto(`${stack.webUrl}/admin/results`);
      await page.getByRole('button', { name: '计算结果' }).click();
      await page.getByText('已计算，请审核后公布。').waitFor();
      await page.getByRole('button', { name: '公布此版本' }).click();
      await page.getByText('公布后不能撤回').waitFor();
      await page.getByText(`${cycle.name} · 版本 1`).waitFor();
      await shot(page, 'confirm-publish');
      const revision = () => db().selectFrom('outcome_revision').select('state').executeTakeFirstOrThrow();
      expect((await revision()).state).toBe('review');
      await page.getByRole('button', { name: '确认公布' }).click();
      await page.getByText('已公布。').waitFor();
      expect((await revision()).state).toBe('published');

      // Delisting a model agency: cancel first (nothing happens), then confirm.
      await page.goto(`${stack.webUrl}/admin/model-titles`);
      const card = page.locator('section.item').first();
      await card.getByLabel('理由').fill('复查不合格（浏览器测试）');
      await card.getByRole('button', { name: '摘牌' }).click();
      await page.getByText('摘牌后不能恢复').waitFor();
      await shot(page, 'confirm-delist');
      const delisted = async () =>
        (await db().selectFrom('model_title').select('id').where('delisted_on', 'is not', null).execute())
          .length;
      expect(await delisted()).toBe(0);
      await page.getByRole('link', { name: '取消' }).click();
      await page.waitForURL(/\/admin\/model-titles$/);
      expect(await delisted()).toBe(0);
      await card.getByLabel('理由').fill('复查不合格（浏览器测试）');
      await card.getByRole('button', { name: '摘牌' }).click();
      await page.getByRole('button', { name: '确认摘牌' }).click();
      await page.getByText('已保存。').waitFor();
      expect(await delisted()).toBe(1);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('organiser without JavaScript: 新建周期 copies the latest, refuses a second 2026, deletes a mistaken draft', async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      const demo = await db().selectFrom('cycle').select(['id', 'name']).executeTakeFirstOrThrow();
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/cycles');
      await expect(page.getByLabel('复制自').inputValue()).resolves.toBe(demo.id);
      await page.getByLabel('年度').fill('2026');
      await page.getByRole('button', { name: '新建周期' }).click();
      await page.getByText(/2026 年度已有考评周期“.+”，每个年度只能有一个。/).waitFor();
      await shot(page, 'cycle-same-year');
      await page.getByLabel('年度').fill('2027');
      await page.getByRole('button', { name: '新建周期' }).click();
      await page.waitForURL(/\/admin\/cycles\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').pop() as string;
      const copied = await db()
        .selectFrom('cycle')
        .select('previous_cycle_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(copied.previous_cycle_id).toBe(demo.id);

      await page.getByRole('button', { name: '删除此草稿周期' }).click();
      await page.getByText('删除后不能恢复。').waitFor();
      await shot(page, 'confirm-delete-cycle');
      expect(
        await db().selectFrom('cycle').select('id').where('id', '=', id).executeTakeFirst(),
      ).toBeDefined();
      await page.getByRole('button', { name: '确认删除' }).click();
      await page.getByText('草稿周期已删除。').waitFor();
      expect(
        await db().selectFrom('cycle').select('id').where('id', '=', id).executeTakeFirst(),
      ).toBeUndefined();

      // A cycle that has opened offers no delete at all.
      await page.goto(`${stack.webUrl}/admin/cycles/${demo.id}`);
      await expect(page.getByRole('button', { name: '删除此草稿周期' }).count()).resolves.toBe(0);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('liaison: the 工作台 lists their own unit’s overdue cases and leads to them', async () => {
    const unitId = await liaisonUnit();
    const rating = await db()
      .selectFrom('citizen_rating as r')
      .select('r.id')
      .where('r.unit_id', '=', unitId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('negative_rating_case as c').select('c.id').whereRef('c.rating_id', '=', 'r.id')),
        ),
      )
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('negative_rating_case')
      .values({ rating_id: rating.id, unit_id: unitId, due_on: '2026-01-05' })
      .execute();
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, stack.webUrl, 'liaison', DEMO_PASSWORD, '/admin');
      await page.getByRole('heading', { name: '待办事项' }).waitFor();
      // Nothing of the office: quarantine and publishing are not theirs.
      await expect(page.getByText(/隔离区|待审核公布/).count()).resolves.toBe(0);
      const overdue = page.getByRole('link', { name: /件差评工单已超期未办结/ });
      await overdue.waitFor();
      await shot(page, 'console-todos-liaison');
      await overdue.click();
      await page.waitForURL(/\/admin\/cases$/);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
