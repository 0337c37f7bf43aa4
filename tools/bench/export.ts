// `pnpm bench:export`: build a dataset release over the bench ratings and stream it as CSV, through
// a real API process over HTTP.
//   data: the `bench:score` data set (1,000 units, ~3,000 service points, BENCH_RATINGS ratings)
//   baseline: COPY (SELECT the same base columns of the same rows) TO STDOUT, read to the end
//   measured: the release build (POST …/releases, then polled until ready: group counts, chosen
//   generalisation, rows written, manifest), then GET …/rows.csv read to the end by this
//   process; the API process's peak RSS throughout (sampled from /proc every 50 ms)
// Options (env): BENCH_DATABASE_URL, BENCH_RATINGS (default 10000000), BENCH_REUSE=1.
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { type Release, releaseSchema } from '../../packages/contracts/src/releases.ts';
import { newSecret, startApi, startPg } from './processes.ts';
import { benchDatabase } from './rating-data.ts';

const DEMO_PASSWORD = 'kaimen-demo-2026';

/** A JSON POST with node:http (no client timeout, whatever the server takes to answer). */
function call(
  base: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.setTimeout(0);
    req.on('error', reject);
    req.end(payload);
  });
}

async function signIn(base: string, login: string): Promise<string> {
  const res = await call(base, '/v1/auth/sign-in', { login, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in as ${login}: ${res.status}`);
  return (res.body as { session: { token: string } }).session.token;
}

const pg = await startPg();
try {
  const { url, db, plan } = await benchDatabase(pg.url);
  const agency = await db
    .selectFrom('organisation')
    .select('id')
    .where('code', '=', 'demo-agency')
    .executeTakeFirstOrThrow();
  await db.destroy();

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
  const [counted] = await copy`
    SELECT count(*)::bigint AS n FROM citizen_rating
    WHERE cycle_id = ${plan.cycle.id} AND kaimen_rating_counts(quarantine_state, malicious)`;
  await copy.end();

  const api = await startApi({ databaseUrl: url, secret: newSecret(), env: { DB_POOL_SIZE: '4' } });
  try {
    const rssStart = api.rssMb();
    let rssMax = rssStart;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, api.rssMb());
    }, 50);
    const organiser = await signIn(api.url, 'organiser');
    const analyst = await signIn(api.url, 'agency');
    const terms = await call(api.url, '/v1/agency/terms', { version: '2026-1' }, analyst);
    if (terms.status !== 204) throw new Error(`terms: ${terms.status}`);

    const rssSignedIn = api.rssMb();
    t = performance.now();
    const built = await call(
      api.url,
      `/v1/cycles/${plan.cycle.id}/releases`,
      { name: 'bench', k: 5, l: 2, maxSuppressedPercent: 5, agencyIds: [agency.id] },
      organiser,
    );
    if (built.status !== 202) throw new Error(`build: ${built.status} ${JSON.stringify(built.body)}`);
    // The build runs in the API's background; poll until it is ready.
    let release: Release = releaseSchema.parse(built.body);
    while (release.state === 'building') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const res = await fetch(`${api.url}/v1/releases/${release.id}`, {
        headers: { authorization: `Bearer ${organiser}` },
      });
      release = releaseSchema.parse(await res.json());
    }
    if (release.state !== 'ready') throw new Error(`build: ${release.state}`);
    const buildS = (performance.now() - t) / 1000;
    const rssAfterBuild = rssMax;
    const rows = release.rowCount ?? 0;
    console.log(
      `[bench] release: ${rows.toLocaleString('en')} rows, ${release.report?.generalisation.place} × ${release.report?.generalisation.time}, suppressed ${release.report?.suppressedRows}; COPY baseline ${(baselineBytes / 1048576).toFixed(0)} MB in ${baselineS.toFixed(1)} s`,
    );

    t = performance.now();
    const res = await fetch(`${api.url}/v1/releases/${release.id}/rows.csv`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    if (res.status !== 200 || !res.body) throw new Error(`download: ${res.status}`);
    let streamedBytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) streamedBytes += chunk.length;
    const streamS = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const streamRate = rows / streamS;
    const baselineRate = Number(counted?.n) / baselineS;
    console.log(
      `[bench] streamed ${(streamedBytes / 1048576).toFixed(0)} MB in ${streamS.toFixed(1)} s; API RSS idle ${rssStart.toFixed(0)} MB, after two sign-ins ${rssSignedIn.toFixed(0)} MB, peak until built ${rssAfterBuild.toFixed(0)} MB`,
    );
    console.log(
      `bench export: rows=${rows} build_s=${buildS.toFixed(1)} stream_rows_per_s=${streamRate.toFixed(0)} baseline_rows_per_s=${baselineRate.toFixed(0)} ratio=${(streamRate / baselineRate).toFixed(2)} rss_mb=${rssMax.toFixed(0)}`,
    );
  } finally {
    await api.stop();
  }
} finally {
  pg.stop();
}
