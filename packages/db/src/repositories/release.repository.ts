// Dataset releases (脱敏数据集): the group counts that choose a generalisation, the frozen rows,
// and who may read them. Rows hold only generalised quasi-identifiers and the ratings: never
// rating ids, exact times, devices, phones, comments unscrubbed or staff.
import { type Kysely, sql } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

export type ReleasePlace = 'service_point' | 'unit' | 'category';
export type ReleaseTime = 'day' | 'week' | 'month';

// China calendar day of a rating, as everywhere else (UTC+8).
const DAY = sql`(r.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date`;
// Periods of a day of the base table below (b.day): as dates to group by (cheap to compare), and
// as the text a release row shows (made once per kept cell, not per rating).
const PERIOD_START: Record<ReleaseTime, ReturnType<typeof sql>> = {
  day: sql`b.day`,
  week: sql`date_trunc('week', b.day)::date`,
  month: sql`date_trunc('month', b.day)::date`,
};
const PERIOD_TEXT: Record<ReleaseTime, (start: ReturnType<typeof sql>) => ReturnType<typeof sql>> = {
  day: (d) => sql`to_char(${d}, 'YYYY-MM-DD')`,
  week: (d) => sql`to_char(${d}, 'IYYY-"W"IW')`,
  month: (d) => sql`to_char(${d}, 'YYYY-MM')`,
};
const PLACE: Record<ReleasePlace, ReturnType<typeof sql>> = {
  service_point: sql`b.sp`,
  unit: sql`b.unit`,
  category: sql`b.cat`,
};
const COUNTED = sql`kaimen_rating_counts(r.quarantine_state, r.malicious)`;
// The overall ratings present in a group, as a bit set (bit v for rating v, 1–5 by the table's
// CHECK), and its size: l-diversity without count(DISTINCT), which would sort every row per
// grouping set, and summable from the per-cell sets below.
const MASK = sql`bit_or(1 << r.overall)`;
const distinctIn = (mask: ReturnType<typeof sql>) =>
  sql`(((${mask}) >> 1) & 1) + (((${mask}) >> 2) & 1) + (((${mask}) >> 3) & 1) + (((${mask}) >> 4) & 1) + (((${mask}) >> 5) & 1)`;

/**
 * The build's one pass over the cycle's ratings: counted rows per cell (service point × day ×
 * verified) with the set of overall ratings seen. A temporary table, dropped when the build's
 * transaction ends; every generalisation is counted from it (a few rows per service point and
 * day) instead of from the ratings again. Memory for the hash aggregation is raised for this
 * transaction only, so a large cycle does not spill to disk.
 */
export async function createReleaseBase(trx: Kysely<DB>, cycleId: string) {
  await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
  await sql`
    CREATE TEMP TABLE release_base ON COMMIT DROP AS
    SELECT r.service_point_id AS sp, r.unit_id AS unit, u.category_id AS cat, ${DAY} AS day, r.verified,
           count(*)::bigint AS n, ${MASK} AS mask
    FROM citizen_rating r JOIN unit u ON u.id = r.unit_id
    WHERE r.cycle_id = ${cycleId} AND ${COUNTED}
    GROUP BY r.service_point_id, r.unit_id, u.category_id, ${DAY}, r.verified`.execute(trx);
  await sql`ANALYZE release_base`.execute(trx);
}

/**
 * For every place × time generalisation, what k and l would keep: rows in all, rows and groups
 * kept, and the smallest kept group with its fewest distinct ratings. Counted in the database
 * from the build's base (createReleaseBase); only nine rows come back, whatever the size.
 */
export async function releaseLevelTotals(trx: Kysely<DB>, k: number, l: number) {
  const { rows } = await sql<LevelTotalsRow<ReleasePlace>>`
    WITH groups AS (
      SELECT CASE WHEN GROUPING(sp) = 0 THEN 'service_point' WHEN GROUPING(unit) = 0 THEN 'unit' ELSE 'category' END AS place,
             CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(week) = 0 THEN 'week' ELSE 'month' END AS time,
             sum(n) AS n, ${distinctIn(sql`bit_or(mask)`)} AS d
      FROM (SELECT ${PLACE.service_point} AS sp, ${PLACE.unit} AS unit, ${PLACE.category} AS cat,
                   ${PERIOD_START.day} AS day, ${PERIOD_START.week} AS week, ${PERIOD_START.month} AS month,
                   b.verified, b.n, b.mask
            FROM release_base b) g
      GROUP BY GROUPING SETS ((sp, day, verified), (sp, week, verified), (sp, month, verified),
                              (unit, day, verified), (unit, week, verified), (unit, month, verified),
                              (cat, day, verified), (cat, week, verified), (cat, month, verified))
    )
    ${levelSummary(k, l)}`.execute(trx);
  return rows.map(levelTotalsOf);
}

export interface LevelTotalsRow<P extends string> {
  place: P;
  time: ReleaseTime;
  total_rows: number;
  kept_rows: number;
  kept_groups: number;
  min_kept_rows: number | null;
  min_kept_distinct: number | null;
}

/** Per place × time, from a `groups` CTE of (place, time, n rows, d distinct values): what k and l keep. */
export const levelSummary = (k: number, l: number) => sql`
    SELECT place, time,
           sum(n)::bigint AS total_rows,
           coalesce(sum(n) FILTER (WHERE n >= ${k} AND d >= ${l}), 0)::bigint AS kept_rows,
           (count(*) FILTER (WHERE n >= ${k} AND d >= ${l}))::bigint AS kept_groups,
           min(n) FILTER (WHERE n >= ${k} AND d >= ${l}) AS min_kept_rows,
           min(d) FILTER (WHERE n >= ${k} AND d >= ${l}) AS min_kept_distinct
    FROM groups GROUP BY place, time`;

export const levelTotalsOf = <P extends string>(r: LevelTotalsRow<P>) => ({
  place: r.place,
  time: r.time,
  totalRows: Number(r.total_rows),
  keptRows: Number(r.kept_rows),
  keptGroups: Number(r.kept_groups),
  minKeptRows: r.min_kept_rows === null ? null : Number(r.min_kept_rows),
  minKeptDistinct: r.min_kept_distinct === null ? null : Number(r.min_kept_distinct),
});

type GroupRule = { place: ReleasePlace; time: ReleaseTime; k: number; l: number };

/**
 * The cells (service point × day × verified) of the groups a release keeps (at least k rows and
 * l distinct overall ratings under the chosen generalisation), each with what its rows will
 * show (category, unit, service point as the generalisation allows; the period) and its group's
 * place in the release order (category name, place, period). A temporary table from the build's
 * base, dropped when the transaction ends; the comments pass and the rows pass join the ratings
 * to it on plain columns.
 */
export async function createKeptGroups(trx: Kysely<DB>, r: GroupRule) {
  await sql`
    CREATE TEMP TABLE release_kept ON COMMIT DROP AS
    WITH cell AS (
      SELECT b.sp, b.day, b.verified, b.n, b.mask, b.unit, b.cat,
             ${PLACE[r.place]} AS place, ${PERIOD_START[r.time]} AS period
      FROM release_base b
    ),
    kept AS (
      SELECT place, period, verified FROM cell GROUP BY 1, 2, 3
      HAVING sum(n) >= ${r.k} AND ${distinctIn(sql`bit_or(mask)`)} >= ${r.l}
    )
    SELECT cell.sp, cell.day, cell.verified, ${PERIOD_TEXT[r.time](sql`cell.period`)} AS period, c.name AS category,
           ${r.place === 'category' ? sql`NULL::text` : sql`u.name`} AS unit,
           ${r.place === 'service_point' ? sql`sp.name` : sql`NULL::text`} AS service_point,
           dense_rank() OVER (ORDER BY c.name, cell.place, cell.period) AS ord
    FROM cell
    JOIN kept USING (place, period, verified)
    JOIN unit u ON u.id = cell.unit
    JOIN unit_category c ON c.id = cell.cat
    JOIN service_point sp ON sp.id = cell.sp`.execute(trx);
  // A temporary table has no statistics until analysed; the joins below need them.
  await sql`ANALYZE release_kept`.execute(trx);
}

const IN_KEPT = sql`
  JOIN release_kept k ON k.sp = r.service_point_id AND k.day = ${DAY} AND k.verified = r.verified`;

/** The comments of the rows a release keeps, a batch at a time by rating id (for scrubbing). */
export async function* keptCommentBatches(trx: Kysely<DB>, cycleId: string, batchSize = 2000) {
  let after = '0';
  for (;;) {
    const { rows } = await sql<{ id: string; comment: string }>`
      SELECT r.id::text AS id, r.comment FROM citizen_rating r ${IN_KEPT}
      WHERE r.cycle_id = ${cycleId} AND ${COUNTED} AND r.comment IS NOT NULL AND r.comment <> ''
        AND r.id > ${after}::bigint
      ORDER BY r.id LIMIT ${batchSize}`.execute(trx);
    if (rows.length === 0) return;
    yield rows;
    after = (rows[rows.length - 1] as { id: string }).id;
    if (rows.length < batchSize) return;
  }
}

/** Scrubbed comments for this build only (a temporary table, gone when the transaction ends). */
export async function createScrubbedComments(trx: Kysely<DB>) {
  await sql`CREATE TEMP TABLE release_comment (rating_id bigint PRIMARY KEY, comment text NOT NULL) ON COMMIT DROP`.execute(
    trx,
  );
}

export async function insertScrubbedComments(
  trx: Kysely<DB>,
  rows: readonly { id: string; comment: string }[],
) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO release_comment (rating_id, comment)
    SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.comment)}::text[])`.execute(
    trx,
  );
}

/**
 * Writes the release's rows: the rows of the kept cells (createKeptGroups), with the scrubbed
 * comment where asked (createScrubbedComments). Rows are ordered by their group (category name,
 * place, period), then by a keyed hash, so the order says nothing about when a rating was made.
 * Returns the rows written.
 */
export async function insertReleaseRows(
  trx: Kysely<DB>,
  r: { cycleId: string; releaseId: string; salt: string; comments: boolean },
): Promise<number> {
  const comment = r.comments ? sql`, 'comment', rc.comment` : sql``;
  const result = await sql`
    INSERT INTO dataset_release_row (release_id, row_no, data)
    SELECT ${r.releaseId}, row_number() OVER (ORDER BY k.ord, md5(r.id::text || ${r.salt})),
           jsonb_build_object(
             'category', k.category,
             'unit', k.unit,
             'service_point', k.service_point,
             'period', k.period,
             'verified', r.verified,
             'overall', r.overall,
             'aspects', r.aspect_answers ${comment})
    FROM citizen_rating r
    ${IN_KEPT}
    ${r.comments ? sql`LEFT JOIN release_comment rc ON rc.rating_id = r.id` : sql``}
    WHERE r.cycle_id = ${r.cycleId} AND ${COUNTED}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export async function rateAspects(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('rating_aspect')
    .select(['code', 'name', 'name_en'])
    .where('cycle_id', '=', cycleId)
    .orderBy('position')
    .orderBy('code')
    .execute();
}

export async function insertRelease(
  trx: Kysely<DB>,
  r: { organiserId: string; cycleId: string; name: string; settings: JsonValue; createdBy: string },
) {
  return trx
    .insertInto('dataset_release')
    .values({
      organiser_id: r.organiserId,
      cycle_id: r.cycleId,
      name: r.name,
      settings: r.settings,
      created_by: r.createdBy,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function finishRelease(trx: Kysely<DB>, id: string, report: JsonValue, rowCount: number) {
  await trx
    .updateTable('dataset_release')
    .set({ state: 'ready', report, row_count: rowCount })
    .where('id', '=', id)
    .where('state', '=', 'building')
    .execute();
}

/** Locks the release row for the build's transaction and says its state. */
export async function lockBuildingRelease(trx: Kysely<DB>, id: string) {
  const row = await trx
    .selectFrom('dataset_release')
    .select('state')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row?.state ?? null;
}

export async function failRelease(db: Kysely<DB>, id: string) {
  await db
    .updateTable('dataset_release')
    .set({ state: 'failed' })
    .where('id', '=', id)
    .where('state', '=', 'building')
    .execute();
}

/**
 * Builds whose process is gone: still 'building', started before `before`, and not locked by a
 * build in progress (SKIP LOCKED passes over those). Marks them failed; returns their ids.
 */
export async function failAbandonedBuilds(db: Kysely<DB>, before: Date) {
  const { rows } = await sql<{ id: string; organiser_id: string }>`
    UPDATE dataset_release SET state = 'failed'
    WHERE id IN (SELECT id FROM dataset_release WHERE state = 'building' AND created_at < ${before}
                 FOR UPDATE SKIP LOCKED)
    RETURNING id, organiser_id`.execute(db);
  return rows;
}

export async function shareRelease(trx: Kysely<DB>, releaseId: string, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return;
  await trx
    .insertInto('dataset_release_agency')
    .values(agencyIds.map((agency_id) => ({ release_id: releaseId, agency_id })))
    .execute();
}

const releaseColumns = [
  'r.id',
  'r.organiser_id',
  'r.cycle_id',
  'r.name',
  'r.settings',
  'r.state',
  'r.report',
  'r.row_count',
  'r.created_at',
] as const;

/** Releases of an organiser (in any state), or the ready ones shared with an agency. */
export async function listReleases(db: Kysely<DB>, by: { organiserId: string } | { agencyId: string }) {
  let q = db.selectFrom('dataset_release as r').select(releaseColumns).orderBy('r.created_at', 'desc');
  q =
    'organiserId' in by
      ? q.where('r.organiser_id', '=', by.organiserId)
      : q
          .where('r.state', '=', 'ready')
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('dataset_release_agency as a')
                .select('a.release_id')
                .whereRef('a.release_id', '=', 'r.id')
                .where('a.agency_id', '=', by.agencyId),
            ),
          );
  return q.execute();
}

export async function findRelease(db: Kysely<DB>, id: string) {
  const release = await db
    .selectFrom('dataset_release as r')
    .select(releaseColumns)
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!release) return undefined;
  return { ...release, agencyIds: (await releaseAgencies(db, [id])).get(id) ?? [] };
}

/** The agencies each release was given to, in one query for a list of releases. */
export async function releaseAgencies(db: Kysely<DB>, releaseIds: readonly string[]) {
  const byRelease = new Map<string, string[]>();
  if (releaseIds.length === 0) return byRelease;
  const rows = await db
    .selectFrom('dataset_release_agency')
    .select(['release_id', 'agency_id'])
    .where('release_id', 'in', releaseIds)
    .execute();
  for (const r of rows) byRelease.set(r.release_id, [...(byRelease.get(r.release_id) ?? []), r.agency_id]);
  return byRelease;
}

/**
 * The release's rows in order, a batch at a time (never all in memory). The next batch is asked
 * for before this one is handed over, so the database works while the caller formats. Batches
 * are small enough to die young: larger ones outlive the young generation and swell the heap.
 */
export async function* releaseRowBatches(db: Kysely<DB>, releaseId: string, batchSize = 2000) {
  const fetchAfter = (after: number) =>
    db
      .selectFrom('dataset_release_row')
      .select(['row_no', 'data'])
      .where('release_id', '=', releaseId)
      .where('row_no', '>', after)
      .orderBy('row_no')
      .limit(batchSize)
      .execute();
  let pending = fetchAfter(0);
  try {
    for (;;) {
      const rows = await pending;
      if (rows.length === 0) return;
      const last = Number((rows[rows.length - 1] as { row_no: number }).row_no);
      pending = rows.length < batchSize ? Promise.resolve([]) : fetchAfter(last);
      yield rows.map((r) => r.data as Record<string, unknown>);
    }
  } finally {
    // A reader that stops early leaves one query in flight; its outcome no longer matters.
    pending.catch(() => {});
  }
}

export async function recordDownload(
  db: Kysely<DB>,
  d: {
    releaseId: string;
    agencyId: string;
    staffUserId: string | null;
    apiKeyId: string | null;
    format: 'csv' | 'jsonl' | 'xlsx' | 'parquet' | 'sav';
    rowCount: number;
    sha256: string;
  },
) {
  await db
    .insertInto('dataset_download')
    .values({
      release_id: d.releaseId,
      agency_id: d.agencyId,
      staff_user_id: d.staffUserId,
      api_key_id: d.apiKeyId,
      format: d.format,
      row_count: d.rowCount,
      sha256: d.sha256,
    })
    .execute();
}

export async function hasAcceptedTerms(db: Kysely<DB>, agencyId: string, version: string) {
  const row = await db
    .selectFrom('data_use_acceptance')
    .select('accepted_at')
    .where('agency_id', '=', agencyId)
    .where('terms_version', '=', version)
    .executeTakeFirst();
  return row?.accepted_at ?? null;
}

export async function acceptTerms(db: Kysely<DB>, agencyId: string, version: string, staffUserId: string) {
  await db
    .insertInto('data_use_acceptance')
    .values({ agency_id: agencyId, terms_version: version, accepted_by: staffUserId })
    .onConflict((oc) => oc.columns(['agency_id', 'terms_version']).doNothing())
    .execute();
}

/** Assessment agencies, for sharing a release with them. */
export async function listAgencies(db: Kysely<DB>) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'code'])
    .where('kind', '=', 'assessment_agency')
    .where('retired_at', 'is', null)
    .orderBy('name')
    .execute();
}

/** Released citizen rows counted per place (the finest place the release keeps) and overall level. */
export async function releaseLevelCounts(db: Kysely<DB>, releaseId: string) {
  const { rows } = await sql<{ category: string; place: string; level: number; n: number }>`
    SELECT data->>'category' AS category,
           coalesce(data->>'service_point', data->>'unit', data->>'category') AS place,
           (data->>'overall')::int AS level, count(*)::int AS n
    FROM dataset_release_row WHERE release_id = ${releaseId} AND data->>'overall' IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  return rows;
}

/**
 * The widest value (UTF-8 bytes) of each text column of a release, and when it was created: a
 * .sav file declares every string's width and its creation date in its dictionary, before the rows.
 */
export async function releaseSavFacts(db: Kysely<DB>, releaseId: string, textColumns: readonly string[]) {
  const release = await db
    .selectFrom('dataset_release')
    .select('created_at')
    .where('id', '=', releaseId)
    .executeTakeFirstOrThrow();
  const widths: Record<string, number> = {};
  if (textColumns.length > 0) {
    const row = await db
      .selectFrom('dataset_release_row')
      .select(
        textColumns.map((c) =>
          sql<number>`coalesce(max(octet_length(data ->> ${c})), 0)::int`.as(c.replace(/[^a-z0-9_]/g, '_')),
        ),
      )
      .where('release_id', '=', releaseId)
      .executeTakeFirstOrThrow();
    for (const c of textColumns)
      widths[c] = Number((row as Record<string, unknown>)[c.replace(/[^a-z0-9_]/g, '_')] ?? 0);
  }
  const count = await db
    .selectFrom('dataset_release_row')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('release_id', '=', releaseId)
    .executeTakeFirstOrThrow();
  return { createdAt: release.created_at, widths, rows: Number(count.n) };
}
