// The release build's queries (脱敏数据集): one pass over a cycle's counted ratings into per-cell
// counts, the generalisations counted from those cells, the kept cells, the comments to scrub and
// the rows written. Everything lives in temporary tables of the build's own transaction.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';
import type { ReleasePlace, ReleaseTime } from './release.repository.ts';

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
