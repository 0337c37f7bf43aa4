// `pnpm bench:score`: a full cycle computation at province-times-25 scale against PostgreSQL.
//   data: 1,000 units, ~3,000 service points, 10,000,000 citizen ratings, ~5,000 panel ballots
//   baseline: SELECT unit_id, avg(overall) … GROUP BY unit_id over the same ratings
//   measured: gather inputs (SQL aggregates) + compute + store the revision; then the live
//   standings a dashboard reads (p50/p95 over 200 reads of the running tallies, with and without
//   a new rating before each read)
// Options (env): BENCH_DATABASE_URL, BENCH_RATINGS (default 10000000), BENCH_UNIT_MULTIPLIER (25).
import { sql } from 'kysely';
import { parseConfig } from '../../apps/api/src/config.ts';
import { computeRevision } from '../../apps/api/src/outcomes/outcome.service.ts';
import { standingsOf } from '../../apps/api/src/outcomes/standings.service.ts';
import { newSecret, startPg } from './processes.ts';
import { benchDatabase, ratings } from './rating-data.ts';

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
  const { db, plan, reused } = await benchDatabase(pg.url);

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
    reused ? 'bench rerun' : undefined,
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
