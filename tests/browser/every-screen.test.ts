// Every console screen at the width of a small phone (360 px) and from the keyboard's point of
// view: nothing scrolls sideways (wide tables scroll inside their own box), every form control
// has a label a screen reader can read, and Tab moves through the page's controls in order.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { ARTIFACTS, browserAvailable, openBrowser, type Stack, signIn, startStack } from './support/stack.ts';

/** What is wrong with the page as it stands, in words a test failure can show. */
async function problems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) found.push(`page scrolls sideways by ${overflow}px`);
    for (const el of document.querySelectorAll<HTMLElement>('input, select, textarea')) {
      if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button'].includes(el.type)) continue;
      const labelled =
        (el as HTMLInputElement).labels?.length ||
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') ||
        el.getAttribute('title');
      if (!labelled) found.push(`unlabelled ${el.tagName.toLowerCase()} name=${el.getAttribute('name')}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href]')) {
      if (!(el.textContent ?? '').trim() && !el.getAttribute('aria-label') && !el.querySelector('img[alt]'))
        found.push(`${el.tagName.toLowerCase()} without a name`);
    }
    return found;
  });
}

/** Tabs through the first controls and checks each one gets focus in turn and is on screen. */
async function tabWalk(page: Page, steps: number): Promise<string[]> {
  const found: string[] = [];
  await page.locator('body').focus();
  let previous = '';
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((step) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const box = el.getBoundingClientRect();
      // Identity of the element itself, not of its markup (two buttons may read the same).
      el.dataset.tabProbe ??= `${step}`;
      // Tab walks through the year, month and day of a date field before leaving it.
      const segmented =
        el instanceof HTMLInputElement && ['date', 'datetime-local', 'time', 'month'].includes(el.type);
      return { id: el.dataset.tabProbe, step, segmented, w: box.width, h: box.height };
    }, i);
    if (!focused) break; // past the last control
    if (focused.w === 0 || focused.h === 0) found.push(`focus on an invisible element at step ${i}`);
    if (focused.id === previous && !focused.segmented) found.push(`focus stuck at step ${i}`);
    previous = focused.id;
  }
  return found;
}

describe.runIf(browserAvailable())('every screen at 360 px and by keyboard', () => {
  let stack: Stack;
  let unitId: string;
  let cycleId: string;
  beforeAll(async () => {
    stack = await startStack({ ratings: 2000 });
    const db = stack.database.db;
    unitId = (
      await db
        .selectFrom('unit')
        .select('id')
        .where('code', '=', 'gov-service-centre')
        .executeTakeFirstOrThrow()
    ).id;
    cycleId = (await db.selectFrom('cycle').select('id').executeTakeFirstOrThrow()).id;
  }, 120_000);
  afterAll(() => stack?.stop());

  const check = async (page: Page, path: string, failures: string[]) => {
    await page.goto(`${stack.webUrl}${path}`, { waitUntil: 'networkidle' });
    if (path.startsWith('/admin')) expect(new URL(page.url()).pathname, path).toBe(path.split('?')[0]);
    for (const p of await problems(page)) failures.push(`${path}: ${p}`);
    for (const p of await tabWalk(page, 12)) failures.push(`${path}: ${p}`);
  };

  it('organiser screens', async () => {
    const browser = await openBrowser();
    const failures: string[] = [];
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 360, height: 740 });
      await signIn(page, stack.webUrl, 'organiser', DEMO_PASSWORD, '/admin');
      for (const path of [
        '/admin',
        '/admin/dashboard',
        '/admin/cases',
        '/admin/setup',
        `/admin/setup/units/${unitId}`,
        '/admin/cycles',
        `/admin/cycles/${cycleId}`,
        '/admin/quarantine',
        '/admin/standings',
        '/admin/panel',
        '/admin/results',
        '/admin/calendar',
        '/admin/rectification',
        '/admin/model-titles',
        '/admin/petition',
        '/admin/discipline',
        '/admin/audit',
        '/admin/releases',
        '/admin/account',
      ])
        await check(page, path, failures);
      await page.screenshot({ path: join(ARTIFACTS, 'every-screen-last-360.png'), fullPage: true });
    } finally {
      await browser.close();
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('public, liaison and institutional screens', async () => {
    const browser = await openBrowser();
    const failures: string[] = [];
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 360, height: 740 });
      for (const path of ['/', '/sign-in', '/public/demo-organiser']) await check(page, path, failures);
      for (const [login, paths] of [
        ['liaison', ['/admin/dashboard', '/admin/cases', '/admin/rectification', '/admin/scores']],
        ['superior', ['/admin/scores']],
        ['petition', ['/admin/petition']],
        ['discipline', ['/admin/discipline']],
        ['agency', ['/admin/scores', '/admin/releases']],
      ] as const) {
        await page.context().clearCookies();
        await signIn(page, stack.webUrl, login, DEMO_PASSWORD, '/admin');
        for (const path of paths) await check(page, path, failures);
      }
    } finally {
      await browser.close();
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
