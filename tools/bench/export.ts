// `pnpm bench:export`: build a dataset release over the bench ratings and stream it as CSV.
//   data: the `bench:score` data set (1,000 units, ~3,000 service points, BENCH_RATINGS ratings)
//   baseline: COPY (SELECT the same base columns of the same rows) TO STDOUT, read to the end
//   measured: the release build (group counts, chosen generalisation, rows written, manifest),
//   then the CSV download stream read to the end; the process's peak RSS throughout
// Options (env): BENCH_DATABASE_URL, BENCH_RATINGS (default 10000000), BENCH_REUSE=1.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { parseConfig } from '../../apps/api/src/config.ts';
import { buildRelease } from '../../apps/api/src/releases/release.service.ts';
import { releaseStream } from '../../apps/api/src/releases/release-download.ts';
import { newSecret, startPg } from './processes.ts';
import { benchDatabase } from './rating-data.ts';

const pg = await startPg();
try {
  const { url, db, plan } = await benchDatabase(pg.url);
  const rssStart = process.memoryUsage().rss;
  let rssMax = rssStart;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 50);
  const deps = {
    db,
    config: parseConfig({}),
    secret: Buffer.from(newSecret(), 'hex'),
    now: () => new Date(),
  };
  const organiser = plan.staff.find((s) => s.login === 'organiser') as { id: string };
  const analyst = plan.staff.find((s) => s.login === 'agency') as { id: string; org: string };
  const agency = await db
    .selectFrom('organisation')
    .select('id')
    .where('code', '=', 'demo-agency')
    .executeTakeFirstOrThrow();

  // Baseline: the release's base columns of the same rows, as PostgreSQL's COPY writes them.
  const copy = postgres(url, { max: 1, onnotice: () => {} });
  let t = performance.now();
  let baselineBytes = 0;
  // COPY takes no bind parameters; the cycle id is a generated uuid, checked before it is inlined.
  if (!/^[0-9a-f-]{36}$/.test(plan.cycle.id)) throw new Error('unexpected cycle id');
  const readable = await copy
    .unsafe(`
    COPY (SELECT c.name, u.name, sp.name, to_char(r.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD'),
                 r.verified, r.overall, r.aspect_answers
          FROM citizen_rating r JOIN unit u ON u.id = r.unit_id JOIN unit_category c ON c.id = u.category_id
          JOIN service_point sp ON sp.id = r.service_point_id
          WHERE r.cycle_id = '${plan.cycle.id}' AND kaimen_rating_counts(r.quarantine_state, r.malicious))
    TO STDOUT WITH (FORMAT csv)`)
    .readable();
  await pipeline(
    readable,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        baselineBytes += chunk.length;
        done();
      },
    }),
  );
  const baselineS = (performance.now() - t) / 1000;
  await copy.end();

  t = performance.now();
  const release = await buildRelease(
    deps,
    {
      userId: organiser.id,
      roles: ['organiser_admin'],
      organisationId: plan.organiserId,
      organisationKind: 'organiser',
      organiserId: plan.organiserId,
      unitId: null,
    },
    plan.cycle.id,
    { name: 'bench', k: 5, l: 2, maxSuppressedPercent: 5, agencyIds: [agency.id] },
    'bench',
  );
  const buildS = (performance.now() - t) / 1000;
  const rssAfterBuild = rssMax;
  const rows = release.rowCount ?? 0;
  console.log(
    `[bench] release: ${rows.toLocaleString('en')} rows, ${release.report?.generalisation.place} × ${release.report?.generalisation.time}, suppressed ${release.report?.suppressedRows}; COPY baseline ${(baselineBytes / 1048576).toFixed(0)} MB`,
  );

  t = performance.now();
  const stream = releaseStream(
    deps,
    release,
    plan.organiserId,
    'csv',
    { agencyId: agency.id, staffUserId: analyst.id, apiKeyId: null, scope: null },
    'bench',
  );
  let streamedBytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) streamedBytes += chunk.length;
  const streamS = (performance.now() - t) / 1000;
  clearInterval(sampler);
  await db.destroy();
  const streamRate = rows / streamS;
  const baselineRate = release.report ? release.report.totalRows / baselineS : 0;
  console.log(
    `[bench] streamed ${(streamedBytes / 1048576).toFixed(0)} MB in ${streamS.toFixed(1)} s; RSS at start ${(rssStart / 1048576).toFixed(0)} MB, after build ${(rssAfterBuild / 1048576).toFixed(0)} MB`,
  );
  console.log(
    `bench export: rows=${rows} build_s=${buildS.toFixed(1)} stream_rows_per_s=${streamRate.toFixed(0)} baseline_rows_per_s=${baselineRate.toFixed(0)} ratio=${(streamRate / baselineRate).toFixed(2)} rss_mb=${(rssMax / 1048576).toFixed(0)}`,
  );
} finally {
  pg.stop();
}
