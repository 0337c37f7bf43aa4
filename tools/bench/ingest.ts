// `pnpm bench:ingest`: citizen-rating ingest throughput against a PostgreSQL server.
//   baseline: pgbench, one-row INSERT of a rating-like row, 8 clients, 20 s; each row goes to a
//             window drawn at random from the same windows the API load rates
//   floor:    the same load against the API's route and validation with no database
//             (floor-server.ts, 10 s): the latency this machine gives before any real work
//   measured: POST /v1/ratings through the real API process, 50 connections, ≥ 60 s after a
//             5 s warm-up (closed loop, load-generator.ts: it waits for every answer, so the
//             acknowledged count is exact)
//   then:     the same at half the measured rate, requests due at fixed times (open loop, 20 s)
// then counts what was stored. Options (env): BENCH_DATABASE_URL, BENCH_SECONDS (default 60),
// BENCH_WARMUP_SECONDS (5), BENCH_OPEN_SECONDS (20), BENCH_BASELINE_SECONDS (20),
// BENCH_FLOOR_SECONDS (10), BENCH_CONNECTIONS (50).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../../packages/db/src/connect.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import { driveLoad } from './load-generator.ts';
import {
  cpuSeconds,
  createDatabase,
  machineCpu,
  newSecret,
  startApi,
  startFloorServer,
  startPg,
} from './processes.ts';
import { windowCodes } from './window-codes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const openSeconds = Number(process.env.BENCH_OPEN_SECONDS ?? 20);
const openShare = Number(process.env.BENCH_OPEN_SHARE ?? 0.5);
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 20);
const floorSeconds = Number(process.env.BENCH_FLOOR_SECONDS ?? 10);
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
  const pgbench = requireTool('pgbench', 'postgresql-15', join(PG_BIN, 'pgbench'));
  const databaseUrl = await createDatabase(pg.url, 'kaimen_bench_ingest');
  const db = createDb({ driver: 'postgres', url: databaseUrl, poolSize: 4 });
  await migrate(db);
  await seedDemo(db, { ratings: 0 });
  const secret = newSecret();
  const codes = await windowCodes(db, secret);
  const work = mkdtempSync(join(tmpdir(), 'kaimen-bench-'));

  // Baseline: the database alone, one rating-like row per transaction, each at a window drawn
  // from the windows the API load rates (codes cycle through every service point). One window
  // for every row would make the baseline a queue on that window's tally rows, which the
  // tally triggers update for each insert, and flatter the ratio.
  await sql`
    CREATE TABLE bench_window AS
    SELECT row_number() OVER (ORDER BY sp.id) AS n, c.id AS cycle_id, u.id AS unit_id,
      sp.id AS service_point_id
    FROM service_point sp
    JOIN unit u ON u.id = sp.unit_id
    JOIN cycle c ON c.organiser_id = u.organiser_id`.execute(db);
  await sql`ALTER TABLE bench_window ADD PRIMARY KEY (n)`.execute(db);
  const windows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_window`
    .execute(db)
    .then((r) => r.rows[0] as { n: number });
  const pgbenchScript = join(work, 'insert.sql');
  writeFileSync(
    pgbenchScript,
    `\\set i random(1, ${windows.n})
INSERT INTO citizen_rating (cycle_id, unit_id, service_point_id, source, overall, aspect_answers, idempotency_key)
  SELECT cycle_id, unit_id, service_point_id, 'window_qr', 4, '{"efficiency": 4, "attitude": 5}', gen_random_uuid()
  FROM bench_window WHERE n = :i;\n`,
  );
  console.log(`[bench] baseline: pgbench, 8 clients, ${baselineSeconds} s, ${windows.n} windows…`);
  const baselineOut = execFileSync(
    pgbench,
    ['-n', '-c', '8', '-j', '2', '-T', String(baselineSeconds), '-f', pgbenchScript, databaseUrl],
    {
      encoding: 'utf8',
    },
  );
  const baselineTps = Number(baselineOut.match(/tps = ([\d.]+)/)?.[1] ?? Number.NaN);

  // The floor: this load generator against the same route and validation with nothing behind
  // them. On this machine and this HTTP stack, no rating can be answered faster than this.
  let sent = 0;
  const body = () => {
    const n = sent++;
    return JSON.stringify({
      idempotencyKey: randomUUID(),
      windowCode: codes[n % codes.length],
      overall: 1 + (n % 5),
      aspects: { efficiency: 1 + ((n * 7) % 5), attitude: 1 + ((n * 3) % 5) },
      comment: `bench ${n}`,
    });
  };
  const floorServer = await startFloorServer();
  const floorCpuBefore = cpuSeconds(floorServer);
  const floor = await driveLoad({
    url: `${floorServer.url}/v1/ratings`,
    connections,
    warmupSeconds: 2,
    seconds: floorSeconds,
    body,
  });
  const floorCpu = (cpuSeconds(floorServer) - floorCpuBefore) / Math.max(floor.acked, 1);
  await floorServer.stop();
  if (floor.refused.size > 0 || floor.failed > 0) {
    throw new Error('the floor server refused the benchmark requests');
  }
  console.log(
    `[bench] floor (no database, floor-server.ts): ${floor.rps.toFixed(0)}/s, p50 ${floor.percentile(50).toFixed(2)} ms, p99 ${floor.percentile(99).toFixed(2)} ms, server CPU ${(floorCpu * 1000).toFixed(3)} ms per request`,
  );

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
  }, 100);

  console.log(
    `[bench] POST /v1/ratings: ${connections} connections, ${warmupSeconds} s warm-up, ${seconds} s measured…`,
  );
  const cpuBefore = {
    api: cpuSeconds(api),
    pg: cpuSeconds({ name: 'postgres' }),
    bench: process.cpuUsage(),
    machine: machineCpu(),
  };
  const load = await driveLoad({ url: `${api.url}/v1/ratings`, connections, warmupSeconds, seconds, body });
  // Where the CPU went, per acknowledged rating (this machine's cores are shared by all three).
  const perRating = (seconds: number) => ((seconds * 1000) / Math.max(load.acked, 1)).toFixed(3);
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const machine = machineCpu();
  const busyShare =
    (machine.busy - cpuBefore.machine.busy) / Math.max(machine.total - cpuBefore.machine.total, 1);
  // Closed loop: each connection waits for its answer, so mean latency = connections / rate.
  console.log(
    `[bench] machine: ${availableParallelism()} cores, ${(busyShare * 100).toFixed(0)}% busy during the load; ${connections} connections at ${load.rps.toFixed(0)}/s ⇒ mean latency ${((connections / load.rps) * 1000).toFixed(1)} ms`,
  );
  console.log(
    `[bench] CPU per rating: API ${perRating(cpuSeconds(api) - cpuBefore.api)} ms, PostgreSQL ${perRating(cpuSeconds({ name: 'postgres' }) - cpuBefore.pg)} ms, load generator ${perRating((benchCpu.user + benchCpu.system) / 1e6)} ms`,
  );
  // The same API at half the rate it just sustained, requests due at fixed times (open loop):
  // the latency a rating sees when the service is busy but not saturated.
  const openRate = Math.max(1, Math.round(load.rps * openShare));
  console.log(
    `[bench] open loop: ${openRate} ratings/s due (${openShare} of the closed-loop rate), ${openSeconds} s…`,
  );
  const open = await driveLoad({
    url: `${api.url}/v1/ratings`,
    connections,
    warmupSeconds: 0,
    seconds: openSeconds,
    body,
    rate: openRate,
  });
  console.log(
    `[bench] open loop: answered ${open.rps.toFixed(0)}/s, p50 ${open.percentile(50).toFixed(2)} ms, p99 ${open.percentile(99).toFixed(2)} ms`,
  );
  clearInterval(sampler);
  await api.stop();
  for (const run of [load, open]) {
    if (run.refused.size > 0 || run.failed > 0) {
      console.log(
        `[bench] not acknowledged: ${JSON.stringify(Object.fromEntries(run.refused))} refused, ${run.failed} failed`,
      );
    }
  }
  const acked = load.acked + open.acked;
  const rps = load.rps;
  const p50 = load.percentile(50);
  const p99 = load.percentile(99);
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
