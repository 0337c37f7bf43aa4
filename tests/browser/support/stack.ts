// Boots the whole platform for a browser test: a fresh test database with a small demo,
// the API on a free port, and the built web app pointing at it.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createApp } from '../../../apps/api/src/app.ts';
import { forwardSecretOf } from '../../../apps/api/src/citizen/client-ip.ts';
import type { AppDeps } from '../../../apps/api/src/deps.ts';
import { TEST_CONFIG, TEST_SECRET } from '../../../apps/api/src/testing/test-app.ts';
import { seedDemo } from '../../../packages/db/src/demo/seed-demo.ts';
import { openTestDatabase, type TestDatabase } from '../../../packages/db/src/testing/test-database.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB_DIR = join(ROOT, 'apps/web');
const WEB_ENTRY = join(WEB_DIR, 'build/index.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'artifacts/screenshots');
const LOGS = join(ROOT, 'artifacts/logs');

/** Browser tests need Debian's Chromium; CI installs it and sets KAIMEN_REQUIRE_BROWSER=1. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.KAIMEN_REQUIRE_BROWSER === '1') throw new Error(`Chromium not found at ${CHROMIUM}`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Stack {
  webUrl: string;
  /** The API itself, as scripts (curl, pandas) reach it. */
  apiUrl: string;
  database: TestDatabase;
  /** Changes the running API's configuration (e.g. a limit) for the rest of the test file. */
  setConfig(change: Partial<AppDeps['config']>): void;
  stop(): Promise<void>;
}

export async function startStack(opts: { ratings: number }): Promise<Stack> {
  if (!existsSync(WEB_ENTRY))
    execFileSync('pnpm', ['--filter', '@kaimen/web', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const database = await openTestDatabase();
  await seedDemo(database.db, { ratings: opts.ratings });
  const deps: AppDeps = {
    db: database.db,
    config: { ...TEST_CONFIG },
    secret: TEST_SECRET,
    now: () => new Date(),
  };
  const app = createApp(deps);
  const apiPort = await freePort();
  const api = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: apiPort });
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  // The web app's own log goes to artifacts/, where a failed run can be read afterwards.
  mkdirSync(LOGS, { recursive: true });
  const log = openSync(join(LOGS, `web-${webPort}.log`), 'w');
  const web: ChildProcess = spawn(process.execPath, [WEB_ENTRY], {
    env: {
      ...process.env,
      PORT: String(webPort),
      HOST: '127.0.0.1',
      ORIGIN: webUrl,
      KAIMEN_API_URL: `http://127.0.0.1:${apiPort}`,
      KAIMEN_FORWARD_SECRET: forwardSecretOf(deps),
    },
    stdio: ['ignore', log, log],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(webUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error('the web app did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    webUrl,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    database,
    setConfig: (change) => Object.assign(deps.config, change),
    stop: async () => {
      web.kill('SIGTERM');
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await database.close();
    },
  };
}

export async function openBrowser(opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kaimen-chromium-')), {
    executablePath: CHROMIUM,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // CI machines are shared and sometimes slow: wait longer before calling a step failed.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/**
 * Waits until the page shows `path`. Sign-in moves on by client-side navigation (the form is
 * enhanced), which fires no load event, and the sign-in URL itself ends with `?next=<path>`,
 * so neither waitForURL nor a URL pattern is a reliable signal.
 */
export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForFunction((p) => window.location.pathname === p, path, { timeout: 60_000 });
}

/**
 * Signs a staff member in through the sign-in page and waits for the page they were going to.
 * The page is loaded to network idle first, so the enhanced form is hydrated before the click
 * (a click during hydration could be lost on a busy machine).
 */
export async function signIn(page: Page, webUrl: string, login: string, password: string, next: string) {
  await page.goto(`${webUrl}/sign-in?next=${next}`, { waitUntil: 'networkidle' });
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await waitForPath(page, next);
}
