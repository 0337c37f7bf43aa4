// `pnpm bench:stuffing`: the stuffing attacks of issue 22 against the demo's busiest window,
// next to honest citizens at that window's expected rate, through the real web app and API.
// It starts its own stack (embedded PGlite with the demo seeded, the API in this process, the
// built web app as a child), runs every pattern for BENCH_MINUTES and counts, from the
// database, how many of each side's ratings count in scores.
//
// Patterns (all at one window, at once):
//   same_cookie   one browser, page loaded and filled past the minimum fill time each time
//   fresh_cookies a new browser each time, one address (three in parallel)
//   identical     a new browser each time, always the same answers
//   api_forged    straight to the API with a forged X-Forwarded-For each time, no rater cookie
//   reused_token  one page render submitted again and again with new idempotency keys
//   too_fast      a new browser each time, submitted at once
// Honest citizens load the page, take 8–40 s and answer as people do; half come over the hall's
// Wi-Fi (one address), half over mobile networks.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { sql } from 'kysely';
import { createApp } from '../../apps/api/src/app.ts';
import { forwardSecretOf } from '../../apps/api/src/citizen/client-ip.ts';
import { parseConfig } from '../../apps/api/src/config.ts';
import type { AppDeps } from '../../apps/api/src/deps.ts';
import { createDb } from '../../packages/db/src/connect.ts';
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import { createRandom } from '../../packages/domain/src/random.ts';
import { deriveQrKey, signWindowCode } from '../../packages/domain/src/security/window-code.ts';
import { freePort, ROOT } from './processes.ts';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const RATINGS = Number(process.env.BENCH_RATINGS ?? 200_000);
const HONEST_FACTOR = Number(process.env.BENCH_HONEST_FACTOR ?? 1);
const PORT_BASE = process.env.BENCH_PORT_BASE ? Number(process.env.BENCH_PORT_BASE) : undefined;
const WEB_ENTRY = join(ROOT, 'apps/web/build/index.js');
const HALL_ADDRESS = '10.20.0.1';
const ATTACKER_ADDRESS = '203.0.113.9';

type Side = 'attack' | 'honest';
interface Sent {
  side: Side;
  pattern: string;
  key: string | null;
  status: number;
}
const sent: Sent[] = [];

async function main(): Promise<void> {
  const secret = Buffer.alloc(32, 22);
  const apiPort = PORT_BASE ?? (await freePort());
  const webPort = PORT_BASE ? PORT_BASE + 1 : await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  console.log(`[bench] seeding the demo (${RATINGS.toLocaleString('en')} ratings) into an embedded PGlite…`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kaimen-bench-stuffing-'));
  const db = createDb({ driver: 'pglite', dataDir });
  await migrate(db);
  const plan = await seedDemo(db, { ratings: RATINGS });
  const config = parseConfig({ PUBLIC_ORIGIN: webUrl, DEMO_SEED: 'never' });
  const deps: AppDeps = { db, config, secret, now: () => new Date() };
  const api: ServerType = serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port: apiPort });

  if (!existsSync(WEB_ENTRY) || process.env.BENCH_BUILD === '1')
    execFileSync('pnpm', ['--filter', '@kaimen/web', 'build'], { cwd: ROOT, stdio: 'ignore' });
  mkdirSync(join(ROOT, 'artifacts/logs'), { recursive: true });
  const log = openSync(join(ROOT, `artifacts/logs/bench-stuffing-web-${webPort}.log`), 'w');
  // The bench stands in for the hall's reverse proxy: it tells the web app each client's address.
  const web: ChildProcess = spawn(process.execPath, [WEB_ENTRY], {
    env: {
      ...process.env,
      PORT: String(webPort),
      HOST: '127.0.0.1',
      ORIGIN: webUrl,
      ADDRESS_HEADER: 'x-forwarded-for',
      XFF_DEPTH: '1',
      KAIMEN_API_URL: apiUrl,
      KAIMEN_FORWARD_SECRET: forwardSecretOf(deps),
    },
    stdio: ['ignore', log, log],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(webUrl)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error('the web app did not start');
      await sleep(100);
    }

    // The demo's busiest window: the most counted ratings in the 28 days before today.
    const busiest = await sql<{ id: string; name: string; n: number }>`
      SELECT r.service_point_id AS id, sp.name, count(*)::int AS n FROM citizen_rating r
      JOIN service_point sp ON sp.id = r.service_point_id
      WHERE r.created_at >= now() - interval '28 days'
      GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`.execute(db);
    const window = busiest.rows[0];
    if (!window) throw new Error('the demo has no ratings in the last 28 days');
    const code = signWindowCode({
      key: deriveQrKey(secret, plan.organiserId, 1),
      servicePointId: window.id,
      version: 1,
    });
    const bound = await windowBound(apiUrl, window.id);
    const honestPerHour = bound.expectedPerHour * HONEST_FACTOR;
    console.log(
      `[bench] window ${window.name}: expected ${bound.expectedPerDay}/day, ${bound.expectedPerHour}/hour (${bound.basis}); bound ${bound.hour}/hour, one address ${bound.addressHour}/hour, no cookie ${bound.noCookieHour}/hour`,
    );
    console.log(
      `[bench] honest citizens at ${honestPerHour.toFixed(1)}/hour; attacks and honest traffic for ${MINUTES} min`,
    );

    const deadline = Date.now() + MINUTES * 60_000;
    const page = `${webUrl}/r/${code}`;
    const tasks: Promise<void>[] = [];
    const loop = (pattern: string, step: () => Promise<void>) =>
      tasks.push(
        (async () => {
          while (Date.now() < deadline) await step().catch((e) => console.error(`[${pattern}]`, e.message));
        })(),
      );
    const rng = createRandom(22);

    // same_cookie: one browser throughout.
    const jar = new Jar();
    loop('same_cookie', () =>
      rateThroughPage({
        page,
        webUrl,
        jar,
        address: ATTACKER_ADDRESS,
        fillMs: 4000,
        side: 'attack',
        pattern: 'same_cookie',
        answers: randomAnswers(rng),
      }),
    );
    for (let i = 0; i < 3; i++)
      loop('fresh_cookies', () =>
        rateThroughPage({
          page,
          webUrl,
          jar: new Jar(),
          address: ATTACKER_ADDRESS,
          fillMs: 4000,
          side: 'attack',
          pattern: 'fresh_cookies',
          answers: randomAnswers(rng),
        }),
      );
    loop('identical', () =>
      rateThroughPage({
        page,
        webUrl,
        jar: new Jar(),
        address: ATTACKER_ADDRESS,
        fillMs: 4000,
        side: 'attack',
        pattern: 'identical',
        answers: IDENTICAL,
      }),
    );
    for (let i = 0; i < 2; i++) loop('api_forged', () => rateThroughApi({ apiUrl, code, rng }));
    loop('too_fast', () =>
      rateThroughPage({
        page,
        webUrl,
        jar: new Jar(),
        address: ATTACKER_ADDRESS,
        fillMs: 0,
        side: 'attack',
        pattern: 'too_fast',
        answers: randomAnswers(rng),
      }),
    );
    tasks.push(reuseOneToken({ page, webUrl, deadline, rng }));

    // Honest citizens arrive at random (a Poisson process at the expected rate).
    tasks.push(
      (async () => {
        const citizens: Promise<void>[] = [];
        let at = Date.now();
        for (;;) {
          at += (-Math.log(1 - rng.next()) / honestPerHour) * 3_600_000;
          if (at >= deadline) break;
          await sleep(at - Date.now());
          const hall = rng.next() < 0.5;
          const address = hall ? HALL_ADDRESS : `100.64.${rng.int(0, 255)}.${rng.int(1, 254)}`;
          citizens.push(
            rateThroughPage({
              page,
              webUrl,
              jar: new Jar(),
              address,
              fillMs: rng.int(8, 40) * 1000,
              side: 'honest',
              pattern: hall ? 'honest_hall' : 'honest_mobile',
              answers: randomAnswers(rng),
            }).catch((e) => console.error('[honest]', e.message)),
          );
        }
        await Promise.all(citizens);
      })(),
    );
    const progress = setInterval(() => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      console.log(`[bench] ${sent.length} submissions so far, ${left} s left`);
    }, 60_000);
    await Promise.all(tasks);
    clearInterval(progress);

    await report(db, MINUTES);
  } finally {
    web.kill('SIGTERM');
    await new Promise<void>((resolve) => api.close(() => resolve()));
    await db.destroy();
  }
}

interface Answers {
  overall: number;
  aspects: Record<string, number>;
  comment: string;
}
const IDENTICAL: Answers = {
  overall: 5,
  aspects: { efficiency: 5, attitude: 5, convenience: 5 },
  comment: '服务非常好，非常满意！',
};
function randomAnswers(rng: ReturnType<typeof createRandom>): Answers {
  const level = () => [5, 5, 5, 4, 4, 4, 3, 2, 1][rng.int(0, 8)] as number;
  return {
    overall: level(),
    aspects: { efficiency: level(), attitude: level(), convenience: level() },
    comment: rng.next() < 0.15 ? `等候时间${rng.int(5, 40)}分钟` : '',
  };
}

/** Cookies of one browser (only what the rating page sets). */
class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

interface RenderedForm {
  idempotencyKey: string;
  formToken: string;
}
async function loadPage(page: string, jar: Jar, address: string): Promise<RenderedForm | undefined> {
  const res = await fetch(page, { headers: { cookie: jar.header(), 'x-forwarded-for': address } });
  jar.take(res);
  const html = await res.text();
  const key = html.match(/name="idempotencyKey" value="([^"]+)"/)?.[1];
  const token = html.match(/name="formToken" value="([^"]+)"/)?.[1];
  return key && token ? { idempotencyKey: key, formToken: token } : undefined;
}

async function submitForm(opts: {
  page: string;
  webUrl: string;
  jar: Jar;
  address: string;
  form: RenderedForm;
  answers: Answers;
}): Promise<number> {
  const body = new URLSearchParams({
    idempotencyKey: opts.form.idempotencyKey,
    formToken: opts.form.formToken,
    overall: String(opts.answers.overall),
    comment: opts.answers.comment,
    website: '',
  });
  for (const [k, v] of Object.entries(opts.answers.aspects)) body.set(`aspect.${k}`, String(v));
  const res = await fetch(opts.page, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      origin: opts.webUrl,
      cookie: opts.jar.header(),
      'x-forwarded-for': opts.address,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function rateThroughPage(opts: {
  page: string;
  webUrl: string;
  jar: Jar;
  address: string;
  fillMs: number;
  side: Side;
  pattern: string;
  answers: Answers;
}): Promise<void> {
  const form = await loadPage(opts.page, opts.jar, opts.address);
  if (!form) {
    sent.push({ side: opts.side, pattern: opts.pattern, key: null, status: 0 });
    await sleep(1000);
    return;
  }
  await sleep(opts.fillMs);
  const status = await submitForm({ ...opts, form });
  sent.push({ side: opts.side, pattern: opts.pattern, key: form.idempotencyKey, status });
  if (opts.fillMs === 0) await sleep(250);
}

/** One page render, submitted every second with a new idempotency key. */
async function reuseOneToken(opts: {
  page: string;
  webUrl: string;
  deadline: number;
  rng: ReturnType<typeof createRandom>;
}): Promise<void> {
  const jar = new Jar();
  const form = await loadPage(opts.page, jar, ATTACKER_ADDRESS);
  if (!form) throw new Error('no form for reused_token');
  await sleep(4000);
  while (Date.now() < opts.deadline) {
    const again = { ...form, idempotencyKey: crypto.randomUUID() };
    const status = await submitForm({
      page: opts.page,
      webUrl: opts.webUrl,
      jar,
      address: ATTACKER_ADDRESS,
      form: again,
      answers: randomAnswers(opts.rng),
    });
    sent.push({ side: 'attack', pattern: 'reused_token', key: again.idempotencyKey, status });
    await sleep(1000);
  }
}

/** Straight to the API: a form token from the API, a forged address, no rater cookie. */
async function rateThroughApi(opts: { apiUrl: string; code: string; rng: ReturnType<typeof createRandom> }) {
  const forged = `${opts.rng.int(1, 223)}.${opts.rng.int(0, 255)}.${opts.rng.int(0, 255)}.${opts.rng.int(1, 254)}`;
  const form = await fetch(`${opts.apiUrl}/v1/rating-form?code=${encodeURIComponent(opts.code)}`, {
    headers: { 'x-forwarded-for': forged },
  });
  const { formToken } = (await form.json()) as { formToken: string };
  await sleep(4000);
  const key = crypto.randomUUID();
  const answers = randomAnswers(opts.rng);
  const res = await fetch(`${opts.apiUrl}/v1/ratings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forged },
    body: JSON.stringify({
      idempotencyKey: key,
      windowCode: opts.code,
      formToken,
      overall: answers.overall,
      aspects: answers.aspects,
    }),
  });
  await res.arrayBuffer();
  sent.push({ side: 'attack', pattern: 'api_forged', key, status: res.status });
}

async function windowBound(apiUrl: string, servicePointId: string) {
  const signIn = await fetch(`${apiUrl}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'organiser', password: DEMO_PASSWORD }),
  });
  const { session } = (await signIn.json()) as { session: { token: string } };
  const res = await fetch(`${apiUrl}/v1/service-points/${servicePointId}/window-bound`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  return (await res.json()) as {
    expectedPerDay: number;
    expectedPerHour: number;
    basis: string;
    hour: number;
    addressHour: number;
    noCookieHour: number;
  };
}

async function report(db: ReturnType<typeof createDb>, minutes: number): Promise<void> {
  const keys = sent.flatMap((s) => (s.key ? [s.key] : []));
  const rows = keys.length
    ? await db
        .selectFrom('citizen_rating')
        .select(['idempotency_key', 'quarantine_state', 'quarantine_reason', 'malicious'])
        .where('idempotency_key', 'in', keys)
        .execute()
    : [];
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  const counted = (s: Sent) => {
    const r = s.key ? byKey.get(s.key) : undefined;
    return (
      r !== undefined && (r.quarantine_state === 'none' || r.quarantine_state === 'released') && !r.malicious
    );
  };
  const patterns = [...new Set(sent.map((s) => s.pattern))];
  for (const pattern of patterns) {
    const mine = sent.filter((s) => s.pattern === pattern);
    const stored = mine.filter((s) => s.key && byKey.has(s.key));
    const reasons = new Map<string, number>();
    for (const s of stored) {
      const reason = byKey.get(s.key as string)?.quarantine_reason;
      if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const statuses = new Map<number, number>();
    for (const s of mine) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    console.log(
      `[bench] ${pattern.padEnd(13)} sent=${mine.length} stored=${stored.length} counted=${mine.filter(counted).length} statuses=${[...statuses].map(([k, v]) => `${k}:${v}`).join(',')} quarantined=${[...reasons].map(([k, v]) => `${k}:${v}`).join(',') || '-'}`,
    );
  }
  const side = (x: Side) => sent.filter((s) => s.side === x);
  console.log(
    `bench stuffing: attack_sent=${side('attack').length} attack_counted=${side('attack').filter(counted).length} honest_sent=${side('honest').length} honest_counted=${side('honest').filter(counted).length} minutes=${minutes}`,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

await main();
