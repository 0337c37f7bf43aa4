// `pnpm bench:ingest`: citizen-rating ingest throughput against a PostgreSQL server.
//   baseline: pgbench, one-row INSERT of a rating-like row, 8 clients, 20 s
//   measured: POST /v1/ratings through the real API process, 50 connections, ≥ 60 s (wrk)
// then counts what was stored. Options (env): BENCH_DATABASE_URL, BENCH_SECONDS (default 60),
// BENCH_BASELINE_SECONDS (20), BENCH_CONNECTIONS (50).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../../packages/db/src/connect.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import { createDatabase, newSecret, startApi, startPg } from './processes.ts';
import { windowCodes } from './window-codes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

function requireTool(name: string, aptPackage: string, path?: string): string {
  const found = path ?? spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (found && spawnSync(found, ['--version']).error === undefined) return found;
  console.log(`[bench] installing ${aptPackage}…`);
  execFileSync('apt-get', ['install', '-y', '-qq', aptPackage], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return path ?? name;
}

const pg = await startPg();
try {
  const wrk = requireTool('wrk', 'wrk');
  const pgbench = requireTool('pgbench', 'postgresql-15', join(PG_BIN, 'pgbench'));
  const databaseUrl = await createDatabase(pg.url, 'kaimen_bench_ingest');
  const db = createDb({ driver: 'postgres', url: databaseUrl, poolSize: 4 });
  await migrate(db);
  await seedDemo(db, { ratings: 0 });
  const secret = newSecret();
  const codes = await windowCodes(db, secret);
  const target = await db
    .selectFrom('service_point as sp')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .innerJoin('cycle as c', 'c.organiser_id', 'u.organiser_id')
    .select(['sp.id as sp', 'u.id as unit', 'c.id as cycle'])
    .executeTakeFirstOrThrow();
  const work = mkdtempSync(join(tmpdir(), 'kaimen-bench-'));

  // Baseline: the database alone, one rating-like row per transaction.
  const pgbenchScript = join(work, 'insert.sql');
  writeFileSync(
    pgbenchScript,
    `INSERT INTO citizen_rating (cycle_id, unit_id, service_point_id, source, overall, aspect_answers, idempotency_key)
     VALUES ('${target.cycle}', '${target.unit}', '${target.sp}', 'window_qr', 4, '{"efficiency": 4, "attitude": 5}', gen_random_uuid());\n`,
  );
  console.log(`[bench] baseline: pgbench, 8 clients, ${baselineSeconds} s…`);
  const baselineOut = execFileSync(
    pgbench,
    ['-n', '-c', '8', '-j', '2', '-T', String(baselineSeconds), '-f', pgbenchScript, databaseUrl],
    {
      encoding: 'utf8',
    },
  );
  const baselineTps = Number(baselineOut.match(/tps = ([\d.]+)/)?.[1] ?? Number.NaN);

  const before = await count(db);
  const api = await startApi({
    databaseUrl,
    secret,
    env: {
      DB_POOL_SIZE: '10',
      // One load generator is one "network": lift the per-network ceiling for the benchmark.
      RATING_IP_CEILING_PER_MINUTE: '1000000000',
    },
  });
  let rssMax = api.rssMb();
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, api.rssMb());
  }, 500);

  const lua = join(work, 'ratings.lua');
  writeFileSync(
    lua,
    `local codes = {${codes.map((c) => `"${c}"`).join(',')}}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
end
local function uuid()
  return (string.gsub('xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx', '[xy]', function(c)
    local v = (c == 'x') and math.random(0, 15) or math.random(8, 11)
    return string.format('%x', v)
  end))
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format('{"idempotencyKey":"%s","windowCode":"%s","overall":%d,"aspects":{"efficiency":%d,"attitude":%d},"comment":"bench %d-%d"}',
    uuid(), codes[math.random(#codes)], math.random(1, 5), math.random(1, 5), math.random(1, 5), tid, counter)
  return wrk.format(nil, "/v1/ratings", nil, body)
end
`,
  );
  console.log(`[bench] POST /v1/ratings: wrk, ${connections} connections, ${seconds} s…`);
  const wrkOut = execFileSync(
    wrk,
    [
      '-t2',
      `-c${connections}`,
      `-d${seconds}s`,
      '--latency',
      '--timeout',
      '10s',
      '-s',
      lua,
      `${api.url}/v1/ratings`,
    ],
    {
      encoding: 'utf8',
    },
  );
  clearInterval(sampler);
  await api.stop();
  console.log(wrkOut);

  const total = Number(wrkOut.match(/(\d+) requests in/)?.[1] ?? 0);
  const non2xx = Number(wrkOut.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const socketErrors = wrkOut.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const failed = socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const acked = total - non2xx - failed;
  const rps = Number(wrkOut.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0) * (acked / Math.max(total, 1));
  const p50 = latencyMs(wrkOut, '50%');
  const p99 = latencyMs(wrkOut, '99%');
  const stored = (await count(db)) - before;
  const dup = await sql<{
    n: number;
  }>`SELECT count(*) - count(DISTINCT idempotency_key) AS n FROM citizen_rating`.execute(db);
  await db.destroy();
  const r = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'NaN');
  console.log(
    `bench ingest: rps=${r(rps, 0)} p50_ms=${r(p50, 2)} p99_ms=${r(p99, 2)} baseline_tps=${r(baselineTps, 0)} ratio=${r(rps / baselineTps, 3)} acked=${acked} stored=${stored} duplicates=${dup.rows[0]?.n ?? 'NaN'} rss_mb=${r(rssMax, 0)}`,
  );
} finally {
  pg.stop();
}

async function count(db: ReturnType<typeof createDb>): Promise<number> {
  const row = await db
    .selectFrom('citizen_rating')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

function latencyMs(out: string, pct: string): number {
  const m = out.match(new RegExp(`${pct.replace('%', '%')}\\s+([\\d.]+)(us|ms|s)`));
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}
