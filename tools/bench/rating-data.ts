// The benchmark data set shared by `pnpm bench:score` and `pnpm bench:export`: the demo
// structure at province-times-N scale and BENCH_RATINGS citizen ratings loaded by COPY (streamed
// from the generator, never all in memory). A database of an earlier run is reused with
// BENCH_REUSE=1 when it holds the same number of ratings.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import postgres from 'postgres';
import { createDb } from '../../packages/db/src/connect.ts';
import { buildDemoPlan } from '../../packages/db/src/demo/demo-plan.ts';
import { generateDemoRatings } from '../../packages/db/src/demo/demo-ratings.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import { createDatabase } from './processes.ts';

export const ratings = Number(process.env.BENCH_RATINGS ?? 10_000_000);
const multiplier = Number(process.env.BENCH_UNIT_MULTIPLIER ?? 25);
export const options = { seed: 20_260_101, unitMultiplier: multiplier, representatives: 500 };

export async function existingDatabase(serverUrl: string): Promise<string | null> {
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

export async function seedAll(url: string, db: ReturnType<typeof createDb>) {
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

/** The bench database: reused (BENCH_REUSE=1) or created and seeded. */
export async function benchDatabase(serverUrl: string) {
  const reuseUrl = process.env.BENCH_REUSE === '1' ? await existingDatabase(serverUrl) : null;
  const url = reuseUrl ?? (await createDatabase(serverUrl, 'kaimen_bench_score'));
  const db = createDb({ driver: 'postgres', url, poolSize: 4 });
  if (reuseUrl) await migrate(db);
  const plan = reuseUrl ? buildDemoPlan(options) : await seedAll(url, db);
  return { url, db, plan, reused: reuseUrl !== null };
}
