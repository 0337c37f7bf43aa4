// `pnpm bench:journey`: what a citizen's phone does, through apps/web. Each virtual user loops:
// GET /r/<window code> (the server-rendered form, its hidden fields and the rater cookie), POST
// the form as a browser without JavaScript does (urlencoded, with the page's Origin), and follow
// the 303 to the thank-you page. Users are spread over the demo's windows. Runs at 10 and 50
// virtual users (BENCH_VUS="10,50"), BENCH_SECONDS (default 30) each, against a real API and
// web process on a PostgreSQL server (BENCH_DATABASE_URL or a throwaway cluster).
// The abuse limits are lifted for the run (one machine is one network and one "phone" per user,
// and a user submits at once): see LIMITS below, printed at the start.
// One line per level: bench journey: vus= completed_per_s= p50_ms= p99_ms= acked= stored= web_rss_mb= api_rss_mb=
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { createDb } from '../../packages/db/src/connect.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import type { DB } from '../../packages/db/src/schema.generated.ts';
import { deriveForwardSecret } from '../../packages/domain/src/security/forward-secret.ts';
import { createDatabase, freePort, newSecret, ROOT, rssMbOf, startApi, startPg } from './processes.ts';
import { windowCodes } from './window-codes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const levels = (process.env.BENCH_VUS ?? '10,50').split(',').map(Number);
const WEB_ENTRY = join(ROOT, 'apps/web/build/index.js');

/** Limits lifted for the run, so the journey's cost is measured, not the abuse rules. */
const LIMITS = {
  RATING_IP_CEILING_PER_MINUTE: '1000000000',
  RATING_DAILY_LIMIT_PER_RATER: '1000000000',
  RATING_MIN_FILL_SECONDS: '0',
  RATING_BURST_PER_MINUTE: '1000000000',
  RATING_IDENTICAL_PER_10_MINUTES: '1000000000',
};

// What a phone's browser sends: SvelteKit answers a form post from fetch() (Accept: */*) with
// JSON for its client-side script, and a browser's plain post with the redirect.
const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'zh-CN,zh;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
};

const hiddenFields = (html: string): [string, string][] =>
  [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
    m[1] ?? '',
    m[2] ?? '',
  ]);
const aspectNames = (html: string) => [
  ...new Set([...html.matchAll(/name="(aspect\.[a-z0-9_]+)"/g)].map((m) => m[1] ?? '')),
];

async function startWeb(
  apiUrl: string,
  forwardSecret: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  if (!existsSync(WEB_ENTRY))
    throw new Error('the web app is not built: run `pnpm --filter @kaimen/web build`');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [WEB_ENTRY], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: url,
      KAIMEN_API_URL: apiUrl,
      KAIMEN_FORWARD_SECRET: forwardSecret,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/`, { redirect: 'manual' });
      break;
    } catch {
      if (i > 300) throw new Error('the web app did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Level {
  completed: number;
  failed: number;
  journeys: number[];
  posts: number[];
  keys: string[];
}

async function run(webUrl: string, codes: string[], vus: number, ms: number): Promise<Level> {
  const result: Level = { completed: 0, failed: 0, journeys: [], posts: [], keys: [] };
  const deadline = performance.now() + ms;
  const user = async (u: number) => {
    let cookie = '';
    let n = u;
    while (performance.now() < deadline) {
      const code = codes[n % codes.length] as string;
      n += vus;
      const started = performance.now();
      try {
        const page = await fetch(`${webUrl}/r/${code}`, { headers: { ...BROWSER, cookie } });
        const html = await page.text();
        const set = page.headers.getSetCookie().map((c) => c.split(';')[0]);
        if (set.length > 0) cookie = set.join('; ');
        if (!page.ok) throw new Error(`GET ${page.status}`);
        const form = new URLSearchParams(hiddenFields(html));
        form.set('overall', String(1 + (n % 5)));
        for (const aspect of aspectNames(html)) form.set(aspect, String(1 + ((n * 3) % 5)));
        const key = form.get('idempotencyKey');
        const postStarted = performance.now();
        const post = await fetch(`${webUrl}/r/${code}`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            ...BROWSER,
            'content-type': 'application/x-www-form-urlencoded',
            origin: webUrl,
            cookie,
          },
          body: form.toString(),
        });
        await post.arrayBuffer();
        const location = post.headers.get('location');
        if (post.status !== 303 || !location) throw new Error(`POST ${post.status}`);
        result.posts.push(performance.now() - postStarted);
        // The rating is acknowledged by the redirect; the thank-you page completes the journey.
        if (key) result.keys.push(key);
        const thanks = await fetch(new URL(location, webUrl), { headers: { ...BROWSER, cookie } });
        await thanks.arrayBuffer();
        if (!thanks.ok) throw new Error(`thanks ${thanks.status}`);
        result.completed++;
        result.journeys.push(performance.now() - started);
      } catch (error) {
        if (result.failed++ === 0) console.log(`[bench] first failure: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: vus }, (_, u) => user(u)));
  return result;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const pg = await startPg();
let db: Kysely<DB> | undefined;
const stops: (() => Promise<void> | void)[] = [];
try {
  const databaseUrl = await createDatabase(pg.url, 'kaimen_bench_journey');
  db = createDb({ driver: 'postgres', url: databaseUrl, poolSize: 2 });
  await migrate(db);
  await seedDemo(db, { ratings: 0 });
  const secret = newSecret();
  const codes = await windowCodes(db, secret);
  const api = await startApi({ databaseUrl, secret, env: LIMITS });
  stops.push(() => api.stop());
  const web = await startWeb(api.url, deriveForwardSecret(Buffer.from(secret, 'hex')));
  stops.push(() => web.stop());
  console.log(
    `[bench] machine: ${availableParallelism()} cores; web, API, PostgreSQL and this load generator share them`,
  );
  console.log(
    `[bench] limits lifted for the run: ${Object.entries(LIMITS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  console.log(`[bench] ${codes.length} windows; warm-up 3 s`);
  await run(web.url, codes, 5, 3000);
  for (const vus of levels) {
    let webRss = 0;
    let apiRss = 0;
    const sampler = setInterval(() => {
      webRss = Math.max(webRss, rssMbOf(web.pid));
      apiRss = Math.max(apiRss, api.rssMb());
    }, 100);
    const level = await run(web.url, codes, vus, seconds * 1000);
    clearInterval(sampler);
    const stored = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM citizen_rating WHERE idempotency_key = ANY(${level.keys}::uuid[])`.execute(
      db,
    );
    console.log(
      `[bench] ${vus} users: ${level.completed} journeys, ${level.failed} failed; POST (form → 303) p50 ${pct(level.posts, 50).toFixed(1)} ms, p99 ${pct(level.posts, 99).toFixed(1)} ms`,
    );
    console.log(
      `bench journey: vus=${vus} completed_per_s=${(level.completed / seconds).toFixed(1)} p50_ms=${pct(level.journeys, 50).toFixed(1)} p99_ms=${pct(level.journeys, 99).toFixed(1)} acked=${level.keys.length} stored=${stored.rows[0]?.n ?? 0} web_rss_mb=${webRss.toFixed(0)} api_rss_mb=${apiRss.toFixed(0)}`,
    );
  }
} finally {
  for (const stop of stops.reverse()) await stop();
  await db?.destroy();
  pg.stop();
}
