// An organiser office with nothing but an admin account runs a whole cycle in the browser:
// a category, units, windows and volumes; a cycle with its indicator tree and weights (a wrong
// sum first); opens it; (citizens' ratings are seeded) computes, publishes; the public page
// shows the result. Screenshots of each main page go to artifacts/.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrganiser, newStaff } from '../../packages/db/src/testing/factories.ts';
import { hashPassword } from '../../packages/domain/src/security/password.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

describe.runIf(browserAvailable())('a cycle from nothing in Chromium', () => {
  let stack: Stack;
  let organiserCode: string;
  beforeAll(async () => {
    stack = await startStack({ ratings: 0 });
    const organiser = await newOrganiser(stack.database.db, '示范市直机关工委');
    organiserCode = organiser.code;
    await newStaff(stack.database.db, {
      organisationId: organiser.id,
      roles: ['organiser_admin'],
      login: 'fresh.admin',
      passwordHash: await hashPassword('fresh-pw-2026'),
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('sets up, opens, computes, publishes and discloses', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await signIn(page, stack.webUrl, 'fresh.admin', 'fresh-pw-2026', '/admin/setup');

      // Structure: categories (one from a spreadsheet, the file chosen as categories because
      // there are none yet; one by form), two units, a window each.
      const categories = join(tmpdir(), `categories-${process.pid}.csv`);
      writeFileSync(categories, '类别代码,类别名称,英文名称\nsocial,社会服务类,Social services\n');
      await page.getByLabel('表格文件（CSV 或 XLSX）').setInputFiles(categories);
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('文件无误，共 1 个类别。').waitFor();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('已导入 1 个类别。').waitFor();
      await page.locator('td', { hasText: '社会服务类' }).first().waitFor();
      const addCategory = page.locator('form[action="?/addCategory"]');
      await addCategory.getByLabel('代码').fill('window');
      await addCategory.getByLabel('名称', { exact: true }).fill('窗口服务类');
      await addCategory.getByRole('button').click();
      await page.locator('td', { hasText: '窗口服务类' }).first().waitFor();
      for (const [code, name] of [
        ['tax-hall', '市办税服务厅'],
        ['civil-affairs', '市民政局'],
      ]) {
        const addUnit = page.locator('form[action="?/addUnit"]');
        await addUnit.getByLabel('代码').fill(code as string);
        await addUnit.getByLabel('名称', { exact: true }).fill(name as string);
        await addUnit.getByLabel('类别').selectOption({ label: '窗口服务类' });
        await addUnit.getByRole('button').click();
        await page.getByRole('row', { name: new RegExp(`^${name}`) }).waitFor();
      }
      // A duplicate code is refused beside its field, with what was typed kept.
      const addUnit = page.locator('form[action="?/addUnit"]');
      await addUnit.getByLabel('代码').fill('bad code');
      await addUnit.getByLabel('名称', { exact: true }).fill('错误代码单位');
      await addUnit.getByRole('button').click();
      await page.getByText('代码只能包含字母').waitFor();
      await expect(
        page.locator('form[action="?/addUnit"]').getByLabel('名称', { exact: true }).inputValue(),
      ).resolves.toBe('错误代码单位');
      // More units from a spreadsheet: a bad line first (nothing imported), then the fixed file.
      const file = join(tmpdir(), `units-${process.pid}.csv`);
      writeFileSync(
        file,
        '单位代码,单位名称,类别代码,上级单位代码\nhall-2,第二办税服务厅,window,tax-hall\nx,某单位,nope,\n',
      );
      await page.getByLabel('表格文件（CSV 或 XLSX）').setInputFiles(file);
      await page.getByRole('radio', { name: '被考评单位' }).check();
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('未导入任何内容').waitFor();
      await expect(
        page.locator('tr', { hasText: '类别代码“nope”不存在' }).locator('td').first().textContent(),
      ).resolves.toBe('3');
      writeFileSync(file, '单位代码,单位名称,类别代码,上级单位代码\nhall-2,第二办税服务厅,window,tax-hall\n');
      await page.getByLabel('表格文件（CSV 或 XLSX）').setInputFiles(file);
      await page.getByRole('radio', { name: '被考评单位' }).check();
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('已导入 1 个单位。').waitFor();
      await page.getByRole('row', { name: /^└ 第二办税服务厅/ }).waitFor();
      await shot(page, 'setup-structure');

      // A signing key for the window QR posters.
      await page.getByRole('button', { name: '生成新版本' }).click();
      await page.getByText(/版本 1 · /).waitFor();

      for (const name of ['市办税服务厅', '市民政局']) {
        await page.goto(`${stack.webUrl}/admin/setup`);
        await page
          .getByRole('row', { name: new RegExp(`^${name}`) })
          .getByRole('link')
          .click();
        await page.waitForURL(/\/admin\/setup\/units\/[0-9a-f-]{36}$/);
        const add = page.locator('form[action="?/add"]');
        await add.getByLabel('代码').fill('w1');
        await add.getByLabel('名称').fill('1号窗口');
        await add.getByRole('button').click();
        await page.getByRole('heading', { name: /1号窗口/ }).waitFor();
        const volume = page.locator('form[action="?/volume"]');
        await volume.getByLabel('起始日期').fill('2027-01-01');
        await volume.getByLabel('截止日期').fill('2027-06-30');
        await volume.getByLabel('办件数').fill(name === '市办税服务厅' ? '3000' : '800');
        await volume.getByRole('button').click();
        await page.locator('td', { hasText: name === '市办税服务厅' ? '3000' : '800' }).waitFor();
      }
      // A window screen for the last window: its key is shown once, then it can be revoked.
      await page.getByLabel('设备名称').fill('1号窗口评价屏');
      await page.getByRole('button', { name: '新增设备并生成密钥' }).click();
      await expect(page.getByLabel('1号窗口评价屏').inputValue()).resolves.toMatch(/^kd_/);
      const [poster] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /二维码海报/ }).click(),
      ]);
      expect(await poster.failure()).toBeNull();
      await page.getByRole('button', { name: /停用设备/ }).click();
      await page.getByText(/1号窗口评价屏（窗口评价屏 · kd_.*已停用）/).waitFor();
      await shot(page, 'setup-service-points');

      // The cycle: created empty, the tree and weights, a wrong sum first.
      await page.goto(`${stack.webUrl}/admin/cycles`);
      await page.getByLabel('年度').fill('2027');
      await page.getByLabel('名称').fill('2027 年度市直机关考评');
      await page.getByLabel('开始日期').fill('2027-01-01');
      await page.getByLabel('结束日期').fill('2027-12-31');
      await page.getByRole('button', { name: '新建周期' }).click();
      await page.waitForURL(/\/admin\/cycles\/[0-9a-f-]{36}$/);
      await page.getByText('类别“窗口服务类”还没有指标。').waitFor();
      // The imported category has no units yet: its section is there, but only this one counts.
      const sec = page.locator('section').filter({ has: page.getByRole('heading', { name: /^窗口服务类/ }) });
      for (const [code, name, weight] of [
        ['d1', '讲政治', '40'],
        ['d2', '有效率', '50'],
      ]) {
        await sec.getByText('新增指标').first().click();
        const add = sec.locator('form[action="?/addIndicator"]');
        await add.getByLabel('代码').fill(code as string);
        await add.getByLabel('名称').fill(name as string);
        await add.getByLabel('权重（%）').fill(weight as string);
        await add.getByRole('button', { name: '新增指标' }).click();
        await page.getByRole('cell', { name: name as string, exact: true }).waitFor();
      }
      await page.getByText('“一级指标”下的指标权重合计 90%').waitFor();
      // Reorder from the keyboard's point of view too: a named button per indicator and direction.
      await sec.getByRole('button', { name: '下移 讲政治' }).click();
      await page.waitForFunction(() => {
        const cells = [...document.querySelectorAll('td')].map((td) => td.textContent?.trim());
        return cells.indexOf('有效率') >= 0 && cells.indexOf('有效率') < cells.indexOf('讲政治');
      });
      // Live sum while typing (JavaScript on), then saved.
      await sec.getByLabel('权重（%） 有效率').fill('60');
      await page.getByText('一级指标权重合计 100%').waitFor();
      await sec.getByRole('button', { name: '保存指标权重' }).click();
      await page.getByText('已保存。').waitFor();
      await sec.getByLabel('群众测评').fill('100');
      await sec.getByRole('button', { name: '保存权重' }).click();
      await page.getByText('各项设置已齐备，可以开始考评。').waitFor();
      await page.getByLabel('群众评价最少样本数').fill('20');
      await page.getByRole('button', { name: '保存评分规则' }).click();
      await page.getByText('已保存。').waitFor();
      await shot(page, 'setup-cycle');
      await page.getByRole('button', { name: '开始考评（接受评价）' }).click();
      // Opening freezes the trees: the page says so and asks again before doing it.
      await page.getByText('各类别的指标体系、指标权重和渠道权重随即冻结。').waitFor();
      await page.getByRole('button', { name: '确认开始考评' }).click();
      await page.getByText('考评已开始，指标体系和权重已冻结。').waitFor();

      // Citizens rate while the cycle is open (seeded here: the rating channel has its own tests).
      const db = stack.database.db;
      const cycle = await db
        .selectFrom('cycle')
        .select('id')
        .where('name', '=', '2027 年度市直机关考评')
        .executeTakeFirstOrThrow();
      const windows = await db
        .selectFrom('service_point as sp')
        .innerJoin('unit as u', 'u.id', 'sp.unit_id')
        .select(['sp.id', 'u.id as unit_id', 'u.name'])
        .where('u.name', 'in', ['市办税服务厅', '市民政局'])
        .execute();
      for (const w of windows) {
        const levels = w.name === '市办税服务厅' ? [5, 5, 5, 4] : [3, 4, 2, 3];
        await db
          .insertInto('citizen_rating')
          .values(
            Array.from({ length: 40 }, (_, i) => ({
              cycle_id: cycle.id,
              unit_id: w.unit_id,
              service_point_id: w.id,
              source: 'window_qr',
              overall: levels[i % levels.length] as number,
              aspect_answers: {},
              idempotency_key: randomUUID(),
            })),
          )
          .execute();
      }

      await page.goto(`${stack.webUrl}/admin/results`);
      await page.getByRole('button', { name: '计算结果' }).click();
      await page.getByText('已计算，请审核后公布。').waitFor();
      await page.getByRole('button', { name: '公布此版本' }).click();
      await page.getByRole('button', { name: '确认公布' }).click();
      await page.getByText('已公布。').waitFor();
      await shot(page, 'setup-results');

      await page.goto(`${stack.webUrl}/public/${organiserCode}`);
      await page.getByRole('heading', { name: '2027 年度市直机关考评' }).waitFor();
      const taxRow = page.locator('tr', { hasText: '市办税服务厅' });
      await expect(taxRow.locator('td').first().textContent()).resolves.toMatch(/1/);
      await expect(taxRow.textContent()).resolves.toMatch(/优秀|良好/);
      await expect(page.locator('tr', { hasText: '市民政局' }).count()).resolves.toBe(1);
      await shot(page, 'setup-public');

      // Every step is on record: the organiser reads it back in the audit log.
      await page.goto(`${stack.webUrl}/admin/audit?action=cycle.`);
      await page.getByRole('cell', { name: 'cycle.open' }).waitFor();
      await expect(page.getByRole('cell', { name: 'cycle.create' }).count()).resolves.toBe(1);
      await shot(page, 'setup-audit');
    } finally {
      await browser.close();
    }
  });
});
