// The console's long lists in Chromium: the organiser pages and filters the cases (a total,
// "第 1/N 页"), decides held ratings in bulk (ticked, then all matching the filter, without
// JavaScript), and reads the audit log by names with what changed; the organiser never sees a
// citizen's phone number in a case comment, the handling unit's liaison does.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalKey } from '../../apps/api/src/citizen/keys.ts';
import { TEST_SECRET } from '../../apps/api/src/testing/test-app.ts';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { encryptPersonal } from '../../packages/domain/src/security/personal-data.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

const PHONE = '13987654321';
const UNIT = '省政务服务中心';

describe.runIf(browserAvailable())('console lists in Chromium', () => {
  let stack: Stack;
  let unit: { id: string; servicePointId: string; servicePoint: string; cycleId: string };
  let phoneCaseId: string;

  beforeAll(async () => {
    stack = await startStack({ ratings: 3000 });
    const { db } = stack.database;
    const row = await db
      .selectFrom('unit as u')
      .innerJoin('service_point as sp', 'sp.unit_id', 'u.id')
      .innerJoin('cycle as c', 'c.organiser_id', 'u.organiser_id')
      .select(['u.id', 'sp.id as sp_id', 'sp.name as sp_name', 'c.id as cycle_id'])
      .where('u.name', '=', UNIT)
      .where('c.state', '=', 'open')
      .orderBy('sp.name')
      .executeTakeFirstOrThrow();
    unit = { id: row.id, servicePointId: row.sp_id, servicePoint: row.sp_name, cycleId: row.cycle_id };
    const rating = (extra: Record<string, unknown>) =>
      db
        .insertInto('citizen_rating')
        .values({
          cycle_id: unit.cycleId,
          unit_id: unit.id,
          service_point_id: unit.servicePointId,
          source: 'window_qr',
          overall: 1,
          idempotency_key: randomUUID(),
          ...extra,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    // A citizen who wrote the phone number into the comment (and gave it for a callback), with
    // the oldest deadline, so the case leads the overdue list.
    const said = await rating({
      comment: `办事等了三个小时，请回电 ${PHONE}`,
      created_at: new Date('2026-01-05T02:00:00Z'),
    });
    await db
      .insertInto('callback_contact')
      .values({
        rating_id: said.id,
        phone_encrypted: encryptPersonal(personalKey(TEST_SECRET), PHONE),
        consented_at: new Date(),
      })
      .execute();
    phoneCaseId = (
      await db
        .insertInto('negative_rating_case')
        .values({
          rating_id: said.id,
          unit_id: unit.id,
          opened_at: new Date('2026-01-05T02:00:00Z'),
          due_on: '2026-01-06',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // 24 more overdue cases at the unit, so its overdue list has a second page.
    for (let i = 0; i < 24; i++) {
      const r = await rating({ comment: `超期未处理 ${i}`, created_at: new Date('2026-03-02T02:00:00Z') });
      await db
        .insertInto('negative_rating_case')
        .values({
          rating_id: r.id,
          unit_id: unit.id,
          opened_at: new Date('2026-03-02T02:00:00Z'),
          due_on: '2026-03-16',
        })
        .execute();
    }
    // 30 ratings held as too fast at one window of the unit.
    for (let i = 0; i < 30; i++)
      await rating({
        overall: 5,
        quarantine_state: 'quarantined',
        quarantine_reason: 'too_fast',
        comment: i === 0 ? `好评 ${PHONE}` : null,
      });
  }, 180_000);
  afterAll(() => stack?.stop());

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(stack.database.db)).rows[0]?.n);

  it('pages and filters the cases with a total, without the citizen’s phone number', async () => {
    const total = await count(sql`SELECT count(*)::int AS n FROM negative_rating_case`);
    const pages = Math.ceil(total / 20);
    expect(pages).toBeGreaterThan(1);
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/cases');
      await page.getByText(`共 ${total} 条，第 1/${pages} 页`).first().waitFor();
      await expect(page.locator('ul.cases > li').count()).resolves.toBe(20);
      await page.getByRole('link', { name: '下一页' }).first().click();
      await page.getByText(`共 ${total} 条，第 2/${pages} 页`).first().waitFor();
      await shot(page, 'console-cases-page-2');

      // One unit, overdue only: the total is the database's, every case on the page is overdue.
      await page.getByLabel('单位', { exact: true }).selectOption({ label: UNIT });
      await page.getByLabel('只看已超期').check();
      await page.getByRole('button', { name: '筛选' }).click();
      const overdue = await count(sql`SELECT count(*)::int AS n FROM negative_rating_case
        WHERE unit_id = ${unit.id} AND state <> 'closed' AND due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date`);
      await page
        .getByText(new RegExp(`^共 ${overdue} 条，第 1/`))
        .first()
        .waitFor();
      expect(page.url()).toContain(`unitId=${unit.id}`);
      const items = page.locator('ul.cases > li');
      const shown = await items.count();
      expect(shown).toBe(20);
      await expect(items.filter({ hasText: '已超期' }).count()).resolves.toBe(shown);
      await expect(items.filter({ hasNotText: UNIT }).count()).resolves.toBe(0);
      // The comment with the phone number leads the list, scrubbed.
      await expect(items.first().textContent()).resolves.toContain('请回电');
      await expect(page.content()).resolves.not.toContain(PHONE);
      await shot(page, 'console-cases-filtered');

      // Newest first.
      await page.getByLabel('排序').selectOption('created');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/sort=created/);
      await expect(page.content()).resolves.not.toContain(PHONE);
      // The organiser's case page scrubs the comment and shows no phone.
      await page.goto(`${stack.webUrl}/admin/cases/${phoneCaseId}`);
      await page.getByText('请回电').waitFor();
      await expect(page.content()).resolves.not.toContain(PHONE);
    } finally {
      await browser.close();
    }
  });

  it('decides held ratings in bulk without JavaScript: ticked ones, then all matching', async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.goto(`${stack.webUrl}/sign-in?next=/admin/quarantine`);
      await page.getByLabel('账号').fill('organiser');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/admin\/quarantine/);
      await page.getByLabel('隔离原因').selectOption('too_fast');
      await page.getByLabel('单位', { exact: true }).selectOption({ label: UNIT });
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/reason=too_fast/);
      const held = await count(sql`SELECT count(*)::int AS n FROM citizen_rating
        WHERE unit_id = ${unit.id} AND quarantine_state = 'quarantined' AND quarantine_reason LIKE '%too_fast%'`);
      expect(held).toBeGreaterThanOrEqual(30);
      await page
        .getByText(new RegExp(`^共 ${held} 条，第 1/`))
        .first()
        .waitFor();
      await expect(page.content()).resolves.not.toContain(PHONE);

      // Two ticked, one reason.
      const boxes = page.locator('input[name="ratingId"]');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByLabel(/处理理由/).fill('核实为真实群众评价');
      await shot(page, 'console-quarantine-ticked');
      await page.getByRole('button', { name: '放行所选' }).click();
      await page.getByText('已处理 2 条评价。').waitFor();
      // Still the same filter after the decision.
      await page
        .getByText(new RegExp(`^共 ${held - 2} 条，第 1/`))
        .first()
        .waitFor();

      // Every one matching the filter, on every page.
      await page.getByLabel(`全部符合当前筛选条件的 ${held - 2} 条评价（包括其他页）`).check();
      await page.getByLabel(/处理理由/).fill('同一设备批量刷评');
      await page.getByRole('button', { name: '驳回所选' }).click();
      await page.getByText(`已处理 ${held - 2} 条评价。`).waitFor();
      await page.getByText('没有待审核的评价。').waitFor();
      await shot(page, 'console-quarantine-done');
      // One audit entry per rating, each with its before and after.
      const audited = await count(sql`SELECT count(*)::int AS n FROM audit_log
        WHERE action IN ('rating.quarantine_release', 'rating.quarantine_reject')
          AND before->>'quarantine_state' = 'quarantined'`);
      expect(audited).toBe(held);
      // Other reasons and units were left alone.
      const others = await count(
        sql`SELECT count(*)::int AS n FROM citizen_rating WHERE quarantine_state = 'quarantined'`,
      );
      await page.goto(`${stack.webUrl}/admin/quarantine`);
      await page
        .getByText(new RegExp(`^共 ${others} 条`))
        .first()
        .waitFor();
    } finally {
      await browser.close();
    }
  });

  it('shows the audit log by names, with what changed, old → new', async () => {
    // A unit renamed through the API, as a script would.
    const signInRes = await fetch(`${stack.apiUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'organiser', password: DEMO_PASSWORD }),
    });
    const { session } = (await signInRes.json()) as { session: { token: string } };
    const renamed = await fetch(`${stack.apiUrl}/v1/setup/units/${unit.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ name: `${UNIT}（新）` }),
    });
    expect(renamed.status).toBeLessThan(300);
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin/audit');
      await page.locator('#action').fill('unit.update');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/action=unit\.update/);
      const row = page.locator('tbody tr').first();
      await expect(row.textContent()).resolves.toContain(`单位：${UNIT}（新）`);
      await expect(row.locator('del').textContent()).resolves.toBe(UNIT);
      await expect(row.locator('ins').textContent()).resolves.toBe(`${UNIT}（新）`);
      // Names, not ids: no record id on the row.
      await expect(row.textContent()).resolves.not.toContain(unit.id);
      await shot(page, 'console-audit-rename');

      // The bulk decisions, one entry per rating, each naming its window; paged with a total.
      await page.goto(`${stack.webUrl}/admin/audit?action=rating.quarantine_reject`);
      const rejected = await count(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rating.quarantine_reject'`,
      );
      await page
        .getByText(new RegExp(`^共 ${rejected} 条，第 1/`))
        .first()
        .waitFor();
      const first = page.locator('tbody tr').first();
      await expect(first.textContent()).resolves.toContain(`${UNIT}（新） · ${unit.servicePoint}`);
      await expect(first.locator('li', { hasText: '隔离状态' }).textContent()).resolves.toMatch(
        /quarantined\s*→\s*rejected/,
      );
      await expect(first.locator('li', { hasText: '理由' }).textContent()).resolves.toContain(
        '同一设备批量刷评',
      );
      await shot(page, 'console-audit-quarantine');
      // Filtered by who and when: the organiser decided them all today.
      await page.getByLabel('操作人', { exact: true }).selectOption({ label: '考评办 张主任' });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      await page.getByLabel('起始日期').fill(today);
      await page.getByLabel('截止日期').fill(today);
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/actorId=.*from=/);
      await page
        .getByText(new RegExp(`^共 ${rejected} 条，第 1/`))
        .first()
        .waitFor();
      await page.getByLabel('操作人', { exact: true }).selectOption({ label: '信访局 陈科长' });
      await page.getByRole('button', { name: '筛选' }).click();
      await page.getByText('共 0 条，第 1/1 页').first().waitFor();
    } finally {
      await browser.close();
    }
  });

  it('shows the handling unit’s liaison the phone number, and only its own cases', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, stack.webUrl, 'liaison', DEMO_PASSWORD, '/admin/cases');
      const own = await count(
        sql`SELECT count(*)::int AS n FROM negative_rating_case WHERE unit_id = ${unit.id}`,
      );
      await page
        .getByText(new RegExp(`^共 ${own} 条，第 1/`))
        .first()
        .waitFor();
      // No unit filter for a unit's own list.
      await expect(page.locator('#unitId').count()).resolves.toBe(0);
      await page.goto(`${stack.webUrl}/admin/cases/${phoneCaseId}`);
      await page.getByRole('link', { name: PHONE }).waitFor();
      await expect(page.getByText(`请回电 ${PHONE}`).count()).resolves.toBe(1);
      await shot(page, 'console-case-liaison-phone');
    } finally {
      await browser.close();
    }
  });
});
