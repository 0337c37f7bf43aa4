// rows.parquet and rows.sav: streamed, in the manifest with the SHA-256 of exactly the bytes
// downloaded, and read back by readers that share nothing with the writers: DuckDB's own Parquet
// reader (@duckdb/node-api; Debian packages no Parquet reader) and PSPP's pspp-convert (Debian's
// pspp) for the .sav, whose value labels must name the five levels.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type Release, releaseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { releaseBuildsSettled } from './release.service.ts';

// Debian's pspp (.ci/run installs it).
const PSPP = '/usr/bin/pspp-convert';
let t: TestApp;
let agency: Record<string, string>;
let release: Release;
let csv: string[][];
const dir = mkdtempSync(join(tmpdir(), 'kaimen-release-'));

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...headers } });

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 4000 });
  const organiser = await signInAs(t, 'organiser', 'kaimen-demo-2026');
  agency = await signInAs(t, 'agency', 'kaimen-demo-2026');
  const agencyId = (
    await t.db
      .selectFrom('organisation')
      .select('id')
      .where('code', '=', 'demo-agency')
      .executeTakeFirstOrThrow()
  ).id;
  // Panel rows and comments too: text columns of every width, empty cells, decimals.
  const res = await post(
    `/v1/cycles/${plan.cycle.id}/releases`,
    { name: '2026 年群众评价与评议数据', agencyIds: [agencyId], includePanel: true, includeComments: true },
    organiser,
  );
  expect(res.status).toBe(202);
  await releaseBuildsSettled();
  release = releaseSchema.parse(
    await (await t.app.request(res.headers.get('location') as string, { headers: organiser })).json(),
  );
  expect(release.state).toBe('ready');
  const terms = (await (await t.app.request('/v1/agency/terms', { headers: agency })).json()) as {
    version: string;
  };
  await post('/v1/agency/terms', { version: terms.version }, agency);
  const text = await (await t.app.request(`/v1/releases/${release.id}/rows.csv`, { headers: agency })).text();
  csv = parse(text.replace(/^\ufeff/, '')) as string[][];
}, 180_000);
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function download(file: string) {
  const res = await t.app.request(`/v1/releases/${release.id}/${file}`, { headers: agency });
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The manifest names the same bytes, and the download is recorded with them.
  expect(release.report?.files.find((f) => f.name === file)).toEqual({
    name: file,
    rows: release.rowCount,
    sha256,
  });
  const logged = await t.db
    .selectFrom('dataset_download')
    .select(['sha256', 'row_count'])
    .where('format', '=', file.slice('rows.'.length))
    .executeTakeFirstOrThrow();
  expect(logged.sha256).toBe(sha256);
  expect(Number(logged.row_count)).toBe(release.rowCount);
  writeFileSync(join(dir, file), bytes);
  return { bytes, path: join(dir, file), contentType: res.headers.get('content-type') };
}

/** CSV cells as the other readers give them back. */
const cell = (type: string, v: string) =>
  v === '' ? null : type === 'text' ? v : type === 'boolean' ? v === 'true' : Number(v);

describe('release downloads for analysts', () => {
  it('rows.parquet reads back in DuckDB with every row and cell of rows.csv, and carries the codebook', async () => {
    const { path, contentType } = await download('rows.parquet');
    expect(contentType).toBe('application/vnd.apache.parquet');
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}') ORDER BY row_no`);
    const rows = reader.getRowObjectsJS();
    expect(reader.columnNames()).toEqual(release.codebook.map((c) => c.column));
    expect(rows).toHaveLength(release.rowCount as number);
    const types = release.codebook.map((c) => c.type);
    for (const [i, line] of csv.slice(1).entries()) {
      const row = rows[i] as Record<string, unknown>;
      const got = release.codebook.map((c) => {
        const v = row[c.column];
        return typeof v === 'bigint' ? Number(v) : (v ?? null);
      });
      expect(got).toEqual(line.map((v, j) => cell(types[j] as string, v)));
    }
    const meta = await connection.runAndReadAll(
      `SELECT decode(value) AS v FROM parquet_kv_metadata('${path}') WHERE decode(key) = 'kaimen.codebook'`,
    );
    expect(JSON.parse(String(meta.getRowObjectsJS()[0]?.v)).map((c: { column: string }) => c.column)).toEqual(
      release.codebook.map((c) => c.column),
    );
    connection.closeSync();
  });

  it('rows.sav reads back in PSPP with every row, long Chinese text and the five levels as value labels', async () => {
    const { path, bytes, contentType } = await download('rows.sav');
    expect(contentType).toBe('application/x-spss-sav');
    expect(bytes.subarray(0, 4).toString()).toBe('$FL2');
    const values = join(dir, 'values.csv');
    const labels = join(dir, 'labels.csv');
    execFileSync(PSPP, [path, values]);
    execFileSync(PSPP, ['--labels', path, labels]);
    const read = parse(readFileSync(values, 'utf8')) as string[][];
    const named = parse(readFileSync(labels, 'utf8')) as string[][];
    // Long variable names, in the codebook's order.
    expect(read[0]).toEqual(release.codebook.map((c) => c.column));
    expect(read).toHaveLength(csv.length);
    const types = release.codebook.map((c) => c.type);
    for (const [i, line] of csv.slice(1).entries()) {
      const got = (read[i + 1] as string[]).map((v, j) => {
        const type = types[j] as string;
        if (type === 'text') return v.trimEnd() === '' ? null : v.trimEnd();
        if (v.trim() === '') return null;
        return type === 'boolean' ? Number(v) === 1 : Number(v);
      });
      expect(got).toEqual(line.map((v, j) => cell(types[j] as string, v)));
    }
    // The longest comment survives whole (very long strings are split into segments and joined back).
    const commentAt = release.codebook.findIndex((c) => c.column === 'comment');
    const longest = csv
      .slice(1)
      .reduce(
        (a, l) =>
          Buffer.byteLength(l[commentAt] ?? '') > Buffer.byteLength(a) ? (l[commentAt] as string) : a,
        '',
      );
    expect(longest.length).toBeGreaterThan(0);
    expect(read.some((l) => l[commentAt]?.trimEnd() === longest)).toBe(true);
    // Value labels: the five levels by name, as the codebook names them.
    const overallAt = release.codebook.findIndex((c) => c.column === 'overall');
    const labelsOf = release.codebook[overallAt]?.labels as Record<string, string>;
    expect(Object.keys(labelsOf)).toEqual(['1', '2', '3', '4', '5']);
    for (const [i, line] of csv.slice(1).entries()) {
      const code = line[overallAt] as string;
      expect(named[i + 1]?.[overallAt]?.trim()).toBe(code === '' ? '' : labelsOf[code]);
    }
    expect(new Set(named.slice(1).map((l) => l[overallAt]))).toContain('非常满意 very satisfied');
  });
});
