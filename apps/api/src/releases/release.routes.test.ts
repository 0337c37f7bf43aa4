import { createHash } from 'node:crypto';
import { releaseSchema, releasesResponseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMaintenance } from '../maintenance.ts';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { releaseBuildsSettled } from './release.service.ts';

let t: TestApp;
let organiser: Record<string, string>;
let agency: Record<string, string>;
let otherAgency: Record<string, string>;
let cycleId: string;
let agencyId: string;
const PASSWORD = 'kaimen-demo-2026';

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, { ...json(body), headers: { ...json(body).headers, ...headers } });

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 6000 });
  cycleId = plan.cycle.id;
  organiser = await signInAs(t, 'organiser', PASSWORD);
  agency = await signInAs(t, 'agency', PASSWORD);
  agencyId = (
    await t.db
      .selectFrom('organisation')
      .select('id')
      .where('code', '=', 'demo-agency')
      .executeTakeFirstOrThrow()
  ).id;
  // A second agency that is not given the release.
  const other = await t.db
    .insertInto('organisation')
    .values({ kind: 'assessment_agency', code: 'other-agency', name: '另一评估机构' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await newStaff(t.db, {
    organisationId: other.id,
    roles: ['agency_analyst'],
    login: 'other.analyst',
    passwordHash: await hashPassword('other-pass-2026'),
  });
  otherAgency = await signInAs(t, 'other.analyst', 'other-pass-2026');
}, 120_000);
afterAll(() => t.close());

/**
 * Starts a build (202, 'building', a Location to poll), waits for this process's builds to end,
 * and reads the release back.
 */
async function build(body: Record<string, unknown>) {
  const res = await post(`/v1/cycles/${cycleId}/releases`, body, organiser);
  expect(res.status).toBe(202);
  const started = releaseSchema.parse(await res.json());
  expect(started.state).toBe('building');
  expect(res.headers.get('location')).toBe(`/v1/releases/${started.id}`);
  await releaseBuildsSettled();
  const release = releaseSchema.parse(
    await (await t.app.request(`/v1/releases/${started.id}`, { headers: organiser })).json(),
  );
  expect(release.state).toBe('ready');
  return release;
}

describe('dataset releases', () => {
  let releaseId: string;

  it('refuses bad settings and unknown agencies without writing anything', async () => {
    expect((await post(`/v1/cycles/${cycleId}/releases`, { name: 'x', k: 2 }, organiser)).status).toBe(400);
    // Built for nobody: refused, with the reason on the field.
    const nobody = await post(`/v1/cycles/${cycleId}/releases`, { name: 'x', agencyIds: [] }, organiser);
    expect(nobody.status).toBe(400);
    expect(JSON.stringify(await nobody.json())).toContain('agencyIds');
    const unknown = await post(
      `/v1/cycles/${cycleId}/releases`,
      { name: 'x', agencyIds: ['00000000-0000-4000-8000-000000000000'] },
      organiser,
    );
    expect(unknown.status).toBe(400);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dataset_release`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
    // Only the organiser admin builds.
    expect((await post(`/v1/cycles/${cycleId}/releases`, { name: 'x' }, agency)).status).toBe(403);
  });

  it('builds a release in which every group of quasi-identifiers has ≥ k rows and ≥ l ratings', async () => {
    const release = await build({ name: '2026 年群众评价数据', k: 5, l: 2, agencyIds: [agencyId] });
    releaseId = release.id;
    const report = release.report!;
    const { rows: counted } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM citizen_rating
      WHERE cycle_id = ${cycleId} AND quarantine_state IN ('none', 'released') AND NOT malicious`.execute(
      t.db,
    );
    expect(report.totalRows).toBe(counted[0]!.n);
    expect(report.keptRows + report.suppressedRows).toBe(report.totalRows);
    expect(release.rowCount).toBe(report.keptRows);
    expect(report.candidates).toHaveLength(9);

    // The independent check: recount every group straight from the stored rows.
    const { rows } = await sql<{ data: Record<string, unknown> }>`
      SELECT data FROM dataset_release_row WHERE release_id = ${releaseId}`.execute(t.db);
    expect(rows.length).toBe(release.rowCount);
    const groups = new Map<string, { n: number; levels: Set<unknown> }>();
    for (const { data } of rows) {
      // Nothing but generalised quasi-identifiers and ratings.
      expect(Object.keys(data).sort()).toEqual([
        'aspects',
        'category',
        'overall',
        'period',
        'service_point',
        'unit',
        'verified',
      ]);
      const key = JSON.stringify([data.category, data.unit, data.service_point, data.period, data.verified]);
      const g = groups.get(key) ?? { n: 0, levels: new Set() };
      g.n++;
      g.levels.add(data.overall);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      expect(g.n).toBeGreaterThanOrEqual(5);
      expect(g.levels.size).toBeGreaterThanOrEqual(2);
    }
    expect(report.kAchieved).toBe(Math.min(...[...groups.values()].map((g) => g.n)));
    expect(report.lAchieved).toBe(Math.min(...[...groups.values()].map((g) => g.levels.size)));
    expect(report.maxRisk).toBeCloseTo(1 / report.kAchieved!);
    // The generalisation matches the columns left: a coarser place empties the finer columns.
    const place = report.generalisation.place;
    for (const { data } of rows.slice(0, 20)) {
      expect(data.service_point === null).toBe(place !== 'service_point');
      expect(data.unit === null).toBe(place === 'category');
    }
    expect(release.codebook.map((c) => c.column)).toContain('overall');
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'release.build')
      .executeTakeFirstOrThrow();
    expect((audit.after as { rows: number }).rows).toBe(release.rowCount);
  });

  it('asks an agency to accept the data-use terms before its first download', async () => {
    const before = await t.app.request(`/v1/releases/${releaseId}/rows.csv`, { headers: agency });
    expect(before.status).toBe(403);
    expect(((await before.json()) as { error: { code: string } }).error.code).toBe('terms_not_accepted');
    const terms = (await (await t.app.request('/v1/agency/terms', { headers: agency })).json()) as {
      version: string;
      acceptedAt: null;
    };
    expect(terms.acceptedAt).toBeNull();
    expect((await post('/v1/agency/terms', { version: terms.version }, agency)).status).toBe(204);
    const after = (await (await t.app.request('/v1/agency/terms', { headers: agency })).json()) as {
      acceptedAt: string;
    };
    expect(after.acceptedAt).not.toBeNull();
  });

  it('streams the rows as CSV with a BOM and as JSON Lines, each download audited with its SHA-256', async () => {
    const res = await t.app.request(`/v1/releases/${releaseId}/rows.csv`, { headers: agency });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parse(bytes.subarray(3).toString('utf8')) as string[][];
    const release = releaseSchema.parse(
      await (await t.app.request(`/v1/releases/${releaseId}`, { headers: agency })).json(),
    );
    expect(table[0]).toEqual(release.codebook.map((c) => c.column));
    expect(table.length - 1).toBe(release.rowCount);
    expect(table.slice(1).map((r) => Number(r[0]))).toEqual(
      Array.from({ length: table.length - 1 }, (_, i) => i + 1),
    );
    const download = await t.db
      .selectFrom('dataset_download')
      .selectAll()
      .where('format', '=', 'csv')
      .executeTakeFirstOrThrow();
    expect(download.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // The manifest in the report names the same hash and count.
    expect(release.report?.files.find((f) => f.name === 'rows.csv')).toEqual({
      name: 'rows.csv',
      rows: release.rowCount,
      sha256: download.sha256,
    });
    expect(Number(download.row_count)).toBe(release.rowCount);

    const lines = (
      await (await t.app.request(`/v1/releases/${releaseId}/rows.jsonl`, { headers: agency })).text()
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(release.rowCount!);
    expect(Object.keys(lines[0]!)).toEqual(release.codebook.map((c) => c.column));
    const jsonlBytes = Buffer.from(
      await (await t.app.request(`/v1/releases/${releaseId}/rows.jsonl`, { headers: agency })).arrayBuffer(),
    );
    expect(release.report?.files.find((f) => f.name === 'rows.jsonl')?.sha256).toBe(
      createHash('sha256').update(jsonlBytes).digest('hex'),
    );
    const audits = await t.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'release.download')
      .execute();
    expect(audits.map((a) => (a.after as { format: string }).format).sort()).toEqual([
      'csv',
      'jsonl',
      'jsonl',
    ]);
  });

  it('offers the rows as an Excel workbook too, audited like the others', async () => {
    const res = await t.app.request(`/v1/releases/${releaseId}/rows.xlsx`, { headers: agency });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('data')!;
    const release = releaseSchema.parse(
      await (await t.app.request(`/v1/releases/${releaseId}`, { headers: agency })).json(),
    );
    expect(sheet.getRow(1).values).toEqual([undefined, ...release.codebook.map((c) => c.column)]);
    expect(sheet.rowCount - 1).toBe(release.rowCount);
    const download = await t.db
      .selectFrom('dataset_download')
      .selectAll()
      .where('format', '=', 'xlsx')
      .executeTakeFirstOrThrow();
    expect(download.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('publishes a place × level table with small counts and their partners suppressed', async () => {
    const res = await t.app.request(`/v1/releases/${releaseId}/table`, { headers: agency });
    expect(res.status).toBe(200);
    const table = (await res.json()) as {
      rows: { counts: (number | null)[]; total: number | null; meanLevel: number | null }[];
      total: number | null;
    };
    const release = releaseSchema.parse(
      await (await t.app.request(`/v1/releases/${releaseId}`, { headers: agency })).json(),
    );
    expect(table.rows.length).toBeGreaterThan(0);
    for (const row of table.rows) {
      for (const n of row.counts) if (n !== null) expect(n === 0 || n >= 5).toBe(true);
      // No lone hidden cell beside a published total.
      if (row.total !== null) expect(row.counts.filter((n) => n === null).length).not.toBe(1);
      if (row.meanLevel !== null) expect(row.counts.every((n) => n !== null)).toBe(true);
    }
    if (table.total !== null) expect(table.total).toBe(release.rowCount);
  });

  it('shows a release only to the agencies it was given to', async () => {
    expect((await t.app.request(`/v1/releases/${releaseId}`, { headers: otherAgency })).status).toBe(404);
    expect((await t.app.request(`/v1/releases/${releaseId}/rows.csv`, { headers: otherAgency })).status).toBe(
      404,
    );
    const list = releasesResponseSchema.parse(
      await (await t.app.request('/v1/releases', { headers: otherAgency })).json(),
    );
    expect(list.releases).toEqual([]);
    const mine = releasesResponseSchema.parse(
      await (await t.app.request('/v1/releases', { headers: agency })).json(),
    );
    expect(mine.releases.map((r) => r.id)).toEqual([releaseId]);
  });

  it('serves scripts through API keys until they are revoked or expire', async () => {
    const issued = await post('/v1/agency/api-keys', { cycleIds: [cycleId], validDays: 30 }, agency);
    expect(issued.status).toBe(201);
    const { id, key } = (await issued.json()) as { id: string; key: string };
    expect(key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db
      .selectFrom('agency_api_key')
      .select(['key_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.key_hash).toString('hex')).toBe(createHash('sha256').update(key).digest('hex'));
    const withKey = { authorization: `Bearer ${key}` };
    expect((await t.app.request(`/v1/releases/${releaseId}/rows.csv`, { headers: withKey })).status).toBe(
      200,
    );
    // A key is not a session: it cannot issue keys or accept terms.
    expect((await post('/v1/agency/api-keys', { cycleIds: [cycleId] }, withKey)).status).toBe(401);
    // Expired…
    t.setNow(new Date(Date.now() + 31 * 86_400_000));
    const expired = await t.app.request(`/v1/releases/${releaseId}/rows.csv`, { headers: withKey });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('api_key_invalid');
    t.setNow(undefined);
    // … and revoked.
    expect((await post(`/v1/agency/api-keys/${id}/revoke`, {}, agency)).status).toBe(204);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('action', '=', 'agency_key.revoke')
        .where('entity_id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ before: { revoked: false }, after: { revoked: true } });
    expect((await t.app.request(`/v1/releases/${releaseId}/rows.csv`, { headers: withKey })).status).toBe(
      401,
    );
    // Another agency cannot revoke this one's keys.
    expect((await post(`/v1/agency/api-keys/${id}/revoke`, {}, otherAgency)).status).toBe(404);
  });

  it('releases comments only when asked, scrubbed, and reports what it masked', async () => {
    // Plant personal data in comments of counted ratings (the demo's own comments are clean).
    const planted = [
      '窗口人员态度差，请打我电话 139-1234-5678 回访。',
      '我叫王建国，身份证 110101199003074514，材料被退回三次。',
      '结果发到 wangjg@example.com 就行，办事太慢。',
      '=HYPERLINK("http://evil.example","点我")',
    ];
    const { rows: targets } = await sql<{ id: string }>`
      SELECT id FROM citizen_rating
      WHERE cycle_id = ${cycleId} AND quarantine_state IN ('none', 'released') AND NOT malicious
      ORDER BY id LIMIT 400`.execute(t.db);
    for (const [i, { id }] of targets.entries())
      await sql`UPDATE citizen_rating SET comment = ${planted[i % planted.length]} WHERE id = ${id}`.execute(
        t.db,
      );

    // Without asking, no comment leaves: no column, nothing in the rows.
    const plain = await build({ name: '不含文字', agencyIds: [agencyId] });
    expect(plain.report?.comments).toBe('excluded');
    expect(plain.codebook.map((c) => c.column)).not.toContain('comment');
    const { rows: leaked } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dataset_release_row WHERE release_id = ${plain.id} AND data ? 'comment'`.execute(
      t.db,
    );
    expect(leaked[0]!.n).toBe(0);

    const release = await build({ name: '含脱敏文字', agencyIds: [agencyId], includeComments: true });
    expect(release.codebook.at(-1)?.column).toBe('comment');
    const comments = release.report!.comments;
    if (comments === 'excluded') throw new Error('comments should be included');
    // Every comment of a released row is counted, and what was masked is counted by kind.
    const { rows: stored } = await sql<{ comment: string }>`
      SELECT data->>'comment' AS comment FROM dataset_release_row
      WHERE release_id = ${release.id} AND data->>'comment' IS NOT NULL`.execute(t.db);
    expect(stored.length).toBe(comments.released);
    expect(comments.released).toBeGreaterThan(0);
    const texts = stored.map((r) => r.comment);
    for (const secret of ['1234-5678', '110101199003074514', 'wangjg@example.com', '王建国'])
      expect(texts.some((c) => c.includes(secret))).toBe(false);
    const kinds = (label: string) => texts.filter((c) => c.includes(label)).length;
    expect(comments.masked.mobile).toBe(kinds('[手机号]'));
    expect(comments.masked.id_number).toBe(kinds('[身份证号]'));
    expect(comments.masked.email).toBe(kinds('[邮箱]'));
    expect(comments.maskedComments).toBe(
      texts.filter((c) => /\[(手机号|身份证号|邮箱|姓名)\]/.test(c)).length,
    );
    // A formula is released as text.
    expect(texts.filter((c) => c.startsWith('=')).length).toBe(0);
    expect(texts.some((c) => c.startsWith(`'=HYPERLINK`))).toBe(true);
    expect(release.report!.neverReleased.join()).toContain('未脱敏');

    // The CSV carries the scrubbed comments under the codebook's header.
    const csv = await t.app.request(`/v1/releases/${release.id}/rows.csv`, { headers: agency });
    const table = parse((await csv.text()).replace(/^\ufeff/, '')) as string[][];
    expect(table[0]).toEqual(release.codebook.map((c) => c.column));
    expect(table.slice(1).filter((r) => r.at(-1) !== '').length).toBe(comments.released);
  });
  it('releases the panel ballots when asked, generalised on their own, with nobody behind them named', async () => {
    const release = await build({ name: '含代表委员评议', agencyIds: [agencyId], includePanel: true });
    const panel = release.report!.panel!;
    const { rows: valid } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM panel_ballot WHERE cycle_id = ${cycleId} AND validity = 'valid'`.execute(
      t.db,
    );
    expect(panel.totalRows).toBe(valid[0]!.n);
    expect(panel.totalRows).toBeGreaterThan(0);
    expect(panel.keptRows).toBeGreaterThan(0);
    expect(panel.keptRows + panel.suppressedRows).toBe(panel.totalRows);
    expect(panel.candidates).toHaveLength(6);
    expect(release.rowCount).toBe(release.report!.keptRows + panel.keptRows);
    expect(release.codebook.map((c) => c.column)).toEqual(expect.arrayContaining(['channel', 'panel_score']));

    // Recount every group of panel rows: channel, place and period shared by ≥ k ballots with
    // ≥ l distinct whole-point scores; nothing but those and the score.
    const { rows } = await sql<{ row_no: number; data: Record<string, unknown> }>`
      SELECT row_no, data FROM dataset_release_row WHERE release_id = ${release.id} AND data ? 'panel_score'`.execute(
      t.db,
    );
    expect(rows.length).toBe(panel.keptRows);
    const groups = new Map<string, { n: number; scores: Set<number> }>();
    for (const { data } of rows) {
      expect(Object.keys(data).sort()).toEqual([
        'category',
        'channel',
        'panel_score',
        'period',
        'service_point',
        'unit',
      ]);
      expect(['representative', 'special_supervisor']).toContain(data.channel);
      const key = JSON.stringify([data.channel, data.category, data.unit, data.period]);
      const g = groups.get(key) ?? { n: 0, scores: new Set() };
      g.n++;
      g.scores.add(Math.round(data.panel_score as number));
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      expect(g.n).toBeGreaterThanOrEqual(5);
      expect(g.scores.size).toBeGreaterThanOrEqual(2);
    }
    if (groups.size) expect(panel.kAchieved).toBe(Math.min(...[...groups.values()].map((g) => g.n)));
    // Panel rows follow the citizen rows.
    expect(Math.min(...rows.map((r) => Number(r.row_no)))).toBe(release.report!.keptRows + 1);

    // In the CSV a citizen row says so, and a panel row has its score but no citizen answers.
    const csv = await t.app.request(`/v1/releases/${release.id}/rows.csv`, { headers: agency });
    const table = parse((await csv.text()).replace(/^\ufeff/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(table).toHaveLength(release.rowCount!);
    expect(table[0]!.channel).toBe('citizen');
    const last = table.at(-1)!;
    expect(last.channel).not.toBe('citizen');
    expect(last.overall).toBe('');
    expect(Number(last.panel_score)).toBeGreaterThanOrEqual(0);
    // The published table counts citizen ratings only.
    const summary = (await (
      await t.app.request(`/v1/releases/${release.id}/table`, { headers: agency })
    ).json()) as {
      total: number | null;
    };
    if (summary.total !== null) expect(summary.total).toBe(release.report!.keptRows);
  });

  it('marks a build failed, audited, when it breaks or its process is gone, and hides it from agencies', async () => {
    // A build that breaks: the release table refuses its rows for the duration of this test.
    await sql`CREATE FUNCTION kaimen_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER kaimen_test_refuse BEFORE INSERT ON dataset_release_row
      FOR EACH STATEMENT EXECUTE FUNCTION kaimen_test_refuse()`.execute(t.db);
    try {
      const res = await post(
        `/v1/cycles/${cycleId}/releases`,
        { name: '会失败', agencyIds: [agencyId] },
        organiser,
      );
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      await releaseBuildsSettled();
      const failed = releaseSchema.parse(
        await (await t.app.request(`/v1/releases/${id}`, { headers: organiser })).json(),
      );
      expect(failed.state).toBe('failed');
      expect(failed.report).toBeNull();
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM dataset_release_row WHERE release_id = ${id}`.execute(t.db);
      expect(rows[0]!.n).toBe(0);
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('action', '=', 'release.failed')
        .where('entity_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(audit.before).toEqual({ status: 'building' });
      expect(audit.after).toMatchObject({ status: 'failed' });
      expect((audit.after as { reason: string }).reason).toContain('refused for the test');
      expect((await t.app.request(`/v1/releases/${id}`, { headers: agency })).status).toBe(404);
    } finally {
      await sql`DROP TRIGGER kaimen_test_refuse ON dataset_release_row`.execute(t.db);
      await sql`DROP FUNCTION kaimen_test_refuse()`.execute(t.db);
    }

    // A build whose process died: left 'building', failed by the maintenance sweep once stale.
    const orphan = await t.db
      .insertInto('dataset_release')
      .values({
        organiser_id: (
          await t.db
            .selectFrom('cycle')
            .select('organiser_id')
            .where('id', '=', cycleId)
            .executeTakeFirstOrThrow()
        ).organiser_id,
        cycle_id: cycleId,
        name: '进程已退出',
        settings: { name: '进程已退出' },
        created_by: (
          await t.db
            .selectFrom('staff_user')
            .select('id')
            .where('login', '=', 'organiser')
            .executeTakeFirstOrThrow()
        ).id,
        created_at: new Date(Date.now() - 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await runMaintenance(t.deps)).releasesFailed).toBe(1);
    const swept = await t.db
      .selectFrom('dataset_release')
      .select('state')
      .where('id', '=', orphan.id)
      .executeTakeFirstOrThrow();
    expect(swept.state).toBe('failed');
    expect((await runMaintenance(t.deps)).releasesFailed).toBe(0);
  });
});
