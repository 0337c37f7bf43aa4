// The window rating device (评价器) in Chromium: paired once with its key, it takes five ratings
// with the hall's network down, keeps them through a reload, and sends them when the network
// comes back: exactly five verified ratings, each with the time it was tapped. A rating queued
// on a device revoked meanwhile is refused, shown as such and kept on the device.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../packages/domain/src/security/token.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, startStack } from './support/stack.ts';

const KEY = 'dev_browser_test_key_0123456789abcdef';

describe.runIf(browserAvailable())('window rating device in Chromium', () => {
  let stack: Stack;
  let deviceId: string;
  let servicePointId: string;
  let windowName: string;

  beforeAll(async () => {
    stack = await startStack({ ratings: 200 });
    const db = stack.database.db;
    const sp = await db
      .selectFrom('service_point as sp')
      .innerJoin('unit as u', 'u.id', 'sp.unit_id')
      .select(['sp.id', 'sp.name'])
      .where('u.code', '=', 'gov-service-centre')
      .where('sp.code', '=', 'w1')
      .executeTakeFirstOrThrow();
    servicePointId = sp.id;
    windowName = sp.name;
    const device = await db
      .insertInto('rating_device')
      .values({
        service_point_id: sp.id,
        name: '1号窗口评价器',
        kind: 'tablet',
        api_key_hash: hashToken(KEY),
        api_key_prefix: KEY.slice(0, 4),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    deviceId = device.id;
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const deviceRatings = () =>
    stack.database.db
      .selectFrom('citizen_rating')
      .select(['overall', 'verified', 'source', 'created_at', 'aspect_answers'])
      .where('device_id', '=', deviceId)
      .orderBy('created_at')
      .execute();

  it('queues five ratings offline, keeps them through a reload and stores each once with its time', async () => {
    const context = await openBrowser();
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.goto(`${stack.webUrl}/device`, { waitUntil: 'networkidle' });
      await page.getByLabel('设备密钥').fill(KEY);
      await page.getByRole('button', { name: '配对' }).click();
      // Paired: the device names its window and waits for the next visit.
      await page.getByRole('button', { name: '开始评价（新的办件）' }).waitFor();
      await page.locator('.device header').getByText(windowName).waitFor();
      // The key is kept on the device, never in the address.
      expect(page.url()).toBe(`${stack.webUrl}/device`);
      // Installed: the service worker controls the page and has the page in its cache.
      await page.waitForFunction(async () => {
        await navigator.serviceWorker.ready;
        return navigator.serviceWorker.controller !== null && (await caches.match('/device')) !== undefined;
      });
      await page.screenshot({ path: join(ARTIFACTS, 'device-waiting.png') });

      await context.setOffline(true);
      const levels = ['非常满意', '满意', '基本满意', '不满意', '非常满意'];
      const tapped: { before: number; after: number }[] = [];
      for (const [i, level] of levels.entries()) {
        await page.getByRole('button', { name: '开始评价（新的办件）' }).click();
        await page.getByRole('radio', { name: level, exact: true }).click();
        if (i === 0) await page.getByRole('radio', { name: '办事效率 非常满意' }).click();
        if (i === 0) await page.screenshot({ path: join(ARTIFACTS, 'device-rating.png') });
        const before = Date.now();
        await page.getByRole('button', { name: '提交评价' }).click();
        await page.getByText('感谢您的评价！').waitFor();
        tapped.push({ before, after: Date.now() });
        await page
          .getByTestId('queue-status')
          .getByText(`${i + 1} 条评价等待发送`)
          .waitFor();
        await page.getByRole('button', { name: '开始评价（新的办件）' }).waitFor({ timeout: 15_000 });
      }
      expect(await deviceRatings()).toHaveLength(0);

      // A reload with the network still down: the page starts from the cache, the queue is intact.
      await page.reload();
      await page.getByTestId('queue-status').getByText('5 条评价等待发送').waitFor();
      await page.getByText('网络已断开', { exact: false }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'device-offline-queue.png') });

      await context.setOffline(false);
      await page.getByTestId('queue-status').getByText('全部评价已发送').waitFor({ timeout: 60_000 });
      const stored = await deviceRatings();
      expect(stored).toHaveLength(5);
      expect(stored.map((r) => r.overall)).toEqual([5, 4, 3, 2, 5]);
      expect(stored.every((r) => r.verified && r.source === 'device')).toBe(true);
      expect(stored[0]?.aspect_answers).toEqual({ efficiency: 5 });
      stored.forEach((r, i) => {
        const t = r.created_at.getTime();
        const when = tapped[i] as { before: number; after: number };
        expect(t).toBeGreaterThanOrEqual(when.before - 1000);
        expect(t).toBeLessThanOrEqual(when.after + 1000);
      });
      // Sent again (another reload, a retry): still five.
      await page.reload();
      await page.getByTestId('queue-status').getByText('全部评价已发送').waitFor();
      expect(await deviceRatings()).toHaveLength(5);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('shows a queued rating of a device revoked meanwhile as refused and keeps it on the device', async () => {
    const context = await openBrowser();
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.goto(`${stack.webUrl}/device`, { waitUntil: 'networkidle' });
      await page.getByLabel('设备密钥').fill(KEY);
      await page.getByRole('button', { name: '配对' }).click();
      await page.getByRole('button', { name: '开始评价（新的办件）' }).waitFor();

      await context.setOffline(true);
      await page.getByRole('button', { name: '开始评价（新的办件）' }).click();
      await page.getByRole('radio', { name: '满意', exact: true }).click();
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByTestId('queue-status').getByText('1 条评价等待发送').waitFor();

      await stack.database.db
        .updateTable('rating_device')
        .set({ revoked_at: new Date() })
        .where('id', '=', deviceId)
        .execute();
      await context.setOffline(false);
      await page.getByTestId('refused-status').getByText('1 条评价被服务器拒绝').waitFor({ timeout: 60_000 });
      await page.getByRole('alert').getByText('此设备已被停用', { exact: false }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'device-revoked.png') });
      expect(await deviceRatings()).toHaveLength(5);
      const kept = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('kaimen-device');
            open.onsuccess = () => {
              const all = open.result.transaction('queue').objectStore('queue').getAll();
              all.onsuccess = () =>
                resolve((all.result as { state: string }[]).filter((r) => r.state === 'refused').length);
            };
          }),
      );
      expect(kept).toBe(1);
      expect(servicePointId).toBeTruthy();
    } finally {
      await context.close();
    }
  }, 240_000);
});
