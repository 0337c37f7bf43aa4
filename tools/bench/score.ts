// `pnpm bench:score`: a full cycle computation at province-times-25 scale against PostgreSQL.
//   data: 1,000 units, ~3,000 service points, 10,000,000 citizen ratings, ~5,000 panel ballots
//   baseline: SELECT unit_id, avg(overall) … GROUP BY unit_id over the same ratings
//   measured: gather inputs (SQL aggregates) + compute + store the revision; then the live
//   standings a dashboard reads (p50/p95 over 200 reads of the running tallies, with and without
//   a new rating before each read)
// Options (env): BENCH_DATABASE_URL, BENCH_RATINGS (default 10000000), BENCH_UNIT_MULTIPLIER (25).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import postgres from 'postgres';
import { parseConfig } from '../../apps/api/src/config.ts';
import { computeRevision } from '../../apps/api/src/outcomes/outcome.service.ts';
import { standingsOf } from '../../apps/api/src/outcomes/standings.service.ts';
import { createDb } from '../../packages/db/src/connect.ts';
import { buildDemoPlan } from '../../packages/db/src/demo/demo-plan.ts';
import { generateDemoRatings } from '../../packages/db/src/demo/demo-ratings.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import { createDatabase, newSecret, startPg } from './processes.ts';

const ratings = Number(process.env.BENCH_RATINGS ?? 10_000_000);
const multiplier = Number(process.env.BENCH_UNIT_MULTIPLIER ?? 25);
const options = { seed: 20_260_101, unitMultiplier: multiplier, representatives: 500 };

async function existingDatabase(serverUrl: string): Promise<string | null> {
  const u = new URL(serverUrl);
  u.pathname = '/kaimen_bench_score';
  const probe = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await probe`SELECT count(*)::bigint AS n FROM citizen_rating`;
    return Number(row?.n) === ratings ? u.toString() : null;
  } catch {
    return null;
  } finally {
    await probe.end();
  }
}

async function seedAll(url: string, db: ReturnType<typeof createDb>) {
  await migrate(db);
  let t = Date.now();
  const plan = await seedDemo(db, { ratings: 0, options });
  console.log(
    `[bench] structure and opinions seeded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${plan.units.length} units, ${plan.servicePoints.length} service points`,
  );

  // Ratings by COPY: text format, streamed from the generator, never all in memory.
  t = Date.now();
  const copy = postgres(url, { max: 1, onnotice: () => {} });
  const copyText = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const lines = (function* () {
    for (const batch of generateDemoRatings(buildDemoPlan(options), { count: ratings, batchSize: 5000 })) {
      let chunk = '';
      for (const r of batch) {
        chunk += `${r.cycle_id}\t${r.unit_id}\t${r.service_point_id}\t${r.source}\t${r.verified ? 't' : 'f'}\t${r.device_id ?? '\\N'}\t${r.overall}\t${copyText(JSON.stringify(r.aspect_answers))}\t${r.comment === null ? '\\N' : copyText(r.comment)}\t${r.quarantine_state}\t${r.quarantine_reason ?? '\\N'}\t${r.idempotency_key}\t${r.created_at.toISOString()}\n`;
      }
      yield chunk;
    }
  })();
  const writable =
    await copy`COPY citizen_rating (cycle_id, unit_id, service_point_id, source, verified, device_id, overall, aspect_answers, comment, quarantine_state, quarantine_reason, idempotency_key, created_at) FROM STDIN`.writable();
  await pipeline(Readable.from(lines), writable);
  await copy.end();
  // Settle the fresh table (hint bits, visibility map) so neither timing pays for it.
  await sql`VACUUM ANALYZE citizen_rating`.execute(db);
  const ballots = await db
    .selectFrom('panel_ballot')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `[bench] ${ratings.toLocaleString('en')} ratings copied in ${((Date.now() - t) / 1000).toFixed(1)} s; ${ballots.n} panel ballots`,
  );
  return plan;
}

/** p50/p95 of `read` (JSON-encoded as a route would), `between` running untimed before each. */
async function timeReads(n: number, read: () => Promise<unknown>, between?: () => Promise<unknown>) {
  const timings: number[] = [];
  for (let i = 0; i < n; i++) {
    if (between) await between();
    const start = performance.now();
    JSON.stringify(await read());
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) =>
    (timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] as number).toFixed(1);
  return { n, p50: at(0.5), p95: at(0.95) };
}

const pg = await startPg();
try {
  // BENCH_REUSE=1 (with BENCH_DATABASE_URL): keep the database of an earlier run with the same
  // options, skipping the ~15 minutes of COPY while working on the computation.
  const reuseUrl =
    process.env.BENCH_REUSE === '1' && process.env.BENCH_DATABASE_URL ? await existingDatabase(pg.url) : null;
  const url = reuseUrl ?? (await createDatabase(pg.url, 'kaimen_bench_score'));
  const db = createDb({ driver: 'postgres', url, poolSize: 4 });
  if (reuseUrl) await migrate(db);
  const plan = reuseUrl ? buildDemoPlan(options) : await seedAll(url, db);

  // Baseline: the plainest per-unit aggregate over the same rows.
  let t = performance.now();
  await sql`SELECT unit_id, avg(overall) FROM citizen_rating GROUP BY unit_id`.execute(db);
  const baselineS = (performance.now() - t) / 1000;

  const organiser = plan.staff.find((s) => s.login === 'organiser') as { id: string };
  const actor = {
    userId: organiser.id,
    roles: ['organiser_admin' as const],
    organisationId: plan.organiserId,
    organisationKind: 'organiser',
    organiserId: plan.organiserId,
    unitId: null,
  };
  let rssMax = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 50);
  t = performance.now();
  const result = await computeRevision(
    { db, config: parseConfig({}), secret: Buffer.from(newSecret(), 'hex'), now: () => new Date() },
    actor,
    plan.cycle.id,
    reuseUrl ? 'bench rerun' : undefined,
    'bench',
  );
  const computeS = (performance.now() - t) / 1000;
  clearInterval(sampler);
  console.log(
    `[bench] revision ${result.revision}: ${result.units} units, ${result.sensitive} grade-sensitive`,
  );

  // Live standings as the dashboard reads them (tallies, not a scan), while the cycle runs.
  const deps = {
    db,
    config: parseConfig({}),
    secret: Buffer.from(newSecret(), 'hex'),
    now: () => new Date(),
  };
  // Two cases: reads while no rating arrives (the tallies' digest matches, the last standings are
  // reused) and reads each after a new rating (digest differs: tallies read and scored again).
  const quiet = await timeReads(200, () => standingsOf(deps, actor, plan.cycle.id));
  const added: string[] = [];
  const afterRating = await timeReads(
    200,
    () => standingsOf(deps, actor, plan.cycle.id),
    async () => {
      const { rows } = await sql<{
        id: string;
      }>`INSERT INTO citizen_rating (cycle_id, unit_id, service_point_id, source, verified, device_id, overall,
                                      aspect_answers, comment, quarantine_state, quarantine_reason, idempotency_key, created_at)
          SELECT cycle_id, unit_id, service_point_id, source, verified, device_id, overall, aspect_answers, NULL,
                 quarantine_state, quarantine_reason, gen_random_uuid(), now()
          FROM citizen_rating WHERE quarantine_state = 'none' LIMIT 1
          RETURNING id`.execute(db);
      added.push(...rows.map((r) => r.id));
    },
  );
  // Leave the data as generated, so BENCH_REUSE recognises it next time.
  await sql`DELETE FROM citizen_rating WHERE id = ANY(${added}::bigint[])`.execute(db);
  console.log(
    `bench standings: requests=${quiet.n} p50_ms=${quiet.p50} p95_ms=${quiet.p95} after_new_rating_p50_ms=${afterRating.p50} after_new_rating_p95_ms=${afterRating.p95} target_p95_ms=50`,
  );
  await db.destroy();
  console.log(
    `bench score: units=${plan.units.length} ratings=${ratings} compute_s=${computeS.toFixed(2)} baseline_s=${baselineS.toFixed(2)} ratio=${(computeS / baselineS).toFixed(2)} rss_mb=${(rssMax / 1048576).toFixed(0)}`,
  );
} finally {
  pg.stop();
}
