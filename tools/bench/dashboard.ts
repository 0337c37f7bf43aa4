// `pnpm bench:dashboard`: every chart and drill-down of the organiser's cycle dashboard, read
// through a real API process over HTTP, at BENCH_RATINGS ratings.
//   data: the `bench:score` data set (1,000 units, ~3,000 service points, BENCH_RATINGS ratings)
//   measured: per scope (the cycle, one category, one unit) the dashboard JSON and the CSV of each
//   chart, and the home page's overview: BENCH_ROUNDS rounds over all of them with no rating
//   arriving, then BENCH_ROUNDS rounds with a new counted rating before each read (inserted by SQL,
//   through the same triggers as the ingest), so no read is served from an earlier computation.
//   cases: dissatisfied ratings with a comment get cases as in the demo (once; kept for BENCH_REUSE).
//   checked: the cycle's ratings per day add up to the counted ratings (a direct count, once).
// Options (env): BENCH_DATABASE_URL, BENCH_RATINGS (default 10000000), BENCH_UNIT_MULTIPLIER (25),
// BENCH_REUSE=1, BENCH_ROUNDS (default 20).
import { sql } from 'kysely';
import { DASHBOARD_CHARTS, dashboardResponseSchema } from '../../packages/contracts/src/dashboard.ts';
import { newSecret, startApi, startPg } from './processes.ts';
import { benchDatabase, ratings } from './rating-data.ts';

const DEMO_PASSWORD = 'kaimen-demo-2026';
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);

const percentile = (sorted: number[], q: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(1);

const pg = await startPg();
try {
  const { url, db, plan } = await benchDatabase(pg.url);
  const cycleId = plan.cycle.id;
  // The bench data set has no cases (bench:score needs none): open them as the demo does, for
  // dissatisfied ratings with a comment, most old ones closed, so the deadline chart has its load.
  await sql`
    INSERT INTO negative_rating_case (rating_id, unit_id, opened_at, due_on, state, reply, closed_at)
    SELECT id, unit_id, created_at, kaimen_china_day(created_at) + 14,
           CASE WHEN closed THEN 'closed' ELSE 'open' END, CASE WHEN closed THEN '已核实' END,
           CASE WHEN closed THEN created_at + interval '14 days' END
    FROM (SELECT id, unit_id, created_at, created_at < '2026-11-01' AND id % 9 <> 0 AS closed
          FROM citizen_rating WHERE cycle_id = ${cycleId} AND overall <= 2 AND comment IS NOT NULL) r
    WHERE NOT EXISTS (SELECT 1 FROM negative_rating_case)`.execute(db);
  const api = await startApi({ databaseUrl: url, secret: newSecret(), env: { DB_POOL_SIZE: '4' } });
  try {
    const signIn = await fetch(`${api.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'organiser', password: DEMO_PASSWORD }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`);
    const token = ((await signIn.json()) as { session: { token: string } }).session.token;
    const get = async (path: string) => {
      const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
      return body;
    };

    // The drill-down path an organiser clicks: the busiest category, then its busiest unit.
    const top = dashboardResponseSchema.parse(JSON.parse(await get(`/v1/cycles/${cycleId}/dashboard`)));
    const busiest = <T extends { n: number }>(xs: T[]) => xs.reduce((a, b) => (b.n > a.n ? b : a));
    const category = busiest(top.children);
    const inCategory = dashboardResponseSchema.parse(
      JSON.parse(await get(`/v1/cycles/${cycleId}/dashboard?category=${category.id}`)),
    );
    const unit = busiest(inCategory.children);
    const endpoints = ['/v1/overview'];
    for (const query of ['', `?category=${category.id}`, `?unit=${unit.id}`]) {
      endpoints.push(`/v1/cycles/${cycleId}/dashboard${query}`);
      for (const chart of DASHBOARD_CHARTS)
        endpoints.push(`/v1/cycles/${cycleId}/dashboard/${chart}.csv${query}`);
    }

    // The rollup must say what a scan says.
    const [counted] = (
      await sql<{ n: string }>`
        SELECT count(*) AS n FROM citizen_rating
        WHERE cycle_id = ${cycleId} AND kaimen_rating_counts(quarantine_state, malicious)`.execute(db)
    ).rows;
    const perDay = top.ratingsPerDay.reduce((a, d) => a + d.n, 0);
    if (perDay !== Number(counted?.n))
      throw new Error(`ratings per day add up to ${perDay}, counted ${counted?.n}`);

    const perEndpoint = new Map<string, number[]>();
    const timeAll = async (before?: () => Promise<unknown>) => {
      const timings: number[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const path of endpoints) {
          if (before) await before();
          const t = performance.now();
          await get(path);
          const ms = performance.now() - t;
          timings.push(ms);
          perEndpoint.set(path, [...(perEndpoint.get(path) ?? []), ms]);
        }
      }
      return timings.sort((a, b) => a - b);
    };
    const quiet = await timeAll();
    const added: string[] = [];
    const afterRating = await timeAll(async () => {
      // A new counted rating today, at a window of the unit drilled into (its series move too).
      const { rows } = await sql<{ id: string }>`
        INSERT INTO citizen_rating (cycle_id, unit_id, service_point_id, source, verified, device_id, overall,
                                    aspect_answers, comment, quarantine_state, quarantine_reason, idempotency_key, created_at)
        SELECT cycle_id, unit_id, service_point_id, source, verified, device_id, overall, aspect_answers, NULL,
               'none', NULL, gen_random_uuid(), now()
        FROM citizen_rating WHERE unit_id = ${unit.id} AND quarantine_state = 'none' AND NOT malicious LIMIT 1
        RETURNING id`.execute(db);
      added.push(...rows.map((r) => r.id));
    });
    for (const [path, ms] of perEndpoint) {
      const sorted = ms.sort((a, b) => a - b);
      const name = path.replace(`/v1/cycles/${cycleId}`, '').replace(category.id, 'C').replace(unit.id, 'U');
      console.log(`[bench] ${name}: p50 ${percentile(sorted, 0.5)} ms, p95 ${percentile(sorted, 0.95)} ms`);
    }
    // Leave the data as generated, so BENCH_REUSE recognises it next time.
    await sql`DELETE FROM citizen_rating WHERE id = ANY(${added}::bigint[])`.execute(db);
    console.log(
      `[bench] ${endpoints.length} endpoints × ${rounds} rounds; scopes: cycle, ${category.name} (${category.n} ratings), ${unit.name} (${unit.n}); slowest quiet read ${quiet.at(-1)?.toFixed(1)} ms, after a new rating ${afterRating.at(-1)?.toFixed(1)} ms`,
    );
    console.log(
      `bench dashboard: ratings=${ratings} charts=${endpoints.length} p50_ms=${percentile(quiet, 0.5)} p95_ms=${percentile(quiet, 0.95)} after_new_rating_p95_ms=${percentile(afterRating, 0.95)}`,
    );
  } finally {
    await api.stop();
    await db.destroy();
  }
} finally {
  pg.stop();
}
