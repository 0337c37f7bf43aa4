// Dataset releases (脱敏数据集): the group counts that choose a generalisation, the frozen rows,
// and who may read them. Rows hold only generalised quasi-identifiers and the ratings: never
// rating ids, exact times, devices, phones, comments unscrubbed or staff.
import { type Kysely, sql } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

export type ReleasePlace = 'service_point' | 'unit' | 'category';
export type ReleaseTime = 'day' | 'week' | 'month';

// China calendar day of a rating, as everywhere else (UTC+8).
const DAY = sql`(r.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date`;
const PERIOD: Record<ReleaseTime, ReturnType<typeof sql>> = {
  day: sql`to_char(${DAY}, 'YYYY-MM-DD')`,
  week: sql`to_char(date_trunc('week', ${DAY}), 'IYYY-"W"IW')`,
  month: sql`to_char(${DAY}, 'YYYY-MM')`,
};
const PLACE: Record<ReleasePlace, ReturnType<typeof sql>> = {
  service_point: sql`r.service_point_id`,
  unit: sql`r.unit_id`,
  category: sql`u.category_id`,
};
const COUNTED = sql`kaimen_rating_counts(r.quarantine_state, r.malicious)`;

/**
 * For every place × time generalisation, what k and l would keep: rows in all, rows and groups
 * kept, and the smallest kept group with its fewest distinct ratings. Groups are counted and
 * summed in the database; only nine rows come back, whatever the size of the cycle.
 */
export async function releaseLevelTotals(db: Kysely<DB>, cycleId: string, k: number, l: number) {
  const { rows } = await sql<LevelTotalsRow<ReleasePlace>>`
    WITH groups AS (
      SELECT CASE WHEN GROUPING(sp) = 0 THEN 'service_point' WHEN GROUPING(unit) = 0 THEN 'unit' ELSE 'category' END AS place,
             CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(week) = 0 THEN 'week' ELSE 'month' END AS time,
             count(*) AS n, count(DISTINCT overall) AS d
      FROM (SELECT ${PLACE.service_point} AS sp, ${PLACE.unit} AS unit, ${PLACE.category} AS cat,
                   ${PERIOD.day} AS day, ${PERIOD.week} AS week, ${PERIOD.month} AS month, r.verified, r.overall
            FROM citizen_rating r JOIN unit u ON u.id = r.unit_id
            WHERE r.cycle_id = ${cycleId} AND ${COUNTED}) b
      GROUP BY GROUPING SETS ((sp, day, verified), (sp, week, verified), (sp, month, verified),
                              (unit, day, verified), (unit, week, verified), (unit, month, verified),
                              (cat, day, verified), (cat, week, verified), (cat, month, verified))
    )
    ${levelSummary(k, l)}`.execute(db);
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

type GroupRule = { cycleId: string; place: ReleasePlace; time: ReleaseTime; k: number; l: number };

/**
 * The groups (place, period, verified) a release keeps: at least k rows and l distinct overall
 * ratings. A temporary table, dropped when the build's transaction ends, so the comments pass and
 * the rows pass read the same groups without counting twice.
 */
export async function createKeptGroups(trx: Kysely<DB>, r: GroupRule) {
  await sql`
    CREATE TEMP TABLE release_kept ON COMMIT DROP AS
    SELECT ${PLACE[r.place]} AS place, ${PERIOD[r.time]} AS period, r.verified
    FROM citizen_rating r JOIN unit u ON u.id = r.unit_id
    WHERE r.cycle_id = ${r.cycleId} AND ${COUNTED}
    GROUP BY 1, 2, 3
    HAVING count(*) >= ${r.k} AND count(DISTINCT r.overall) >= ${r.l}`.execute(trx);
  // A temporary table has no statistics until analysed; the joins below need them.
  await sql`ANALYZE release_kept`.execute(trx);
}

const IN_KEPT = (r: GroupRule) => sql`
  JOIN release_kept k ON k.place = ${PLACE[r.place]} AND k.period = ${PERIOD[r.time]} AND k.verified = r.verified`;

/** The comments of the rows a release keeps, a batch at a time by rating id (for scrubbing). */
export async function* keptCommentBatches(trx: Kysely<DB>, r: GroupRule, batchSize = 2000) {
  let after = '0';
  for (;;) {
    const { rows } = await sql<{ id: string; comment: string }>`
      SELECT r.id::text AS id, r.comment FROM citizen_rating r JOIN unit u ON u.id = r.unit_id ${IN_KEPT(r)}
      WHERE r.cycle_id = ${r.cycleId} AND ${COUNTED} AND r.comment IS NOT NULL AND r.comment <> ''
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
 * Writes the release's rows: the rows of the kept groups (createKeptGroups), with the scrubbed
 * comment where asked (createScrubbedComments). Rows are ordered by place and period, then by a
 * keyed hash, so the order says nothing about when a rating was made. Returns the rows written.
 */
export async function insertReleaseRows(
  trx: Kysely<DB>,
  r: GroupRule & { releaseId: string; salt: string; comments: boolean },
): Promise<number> {
  const comment = r.comments ? sql`, 'comment', rc.comment` : sql``;
  const result = await sql`
    INSERT INTO dataset_release_row (release_id, row_no, data)
    SELECT ${r.releaseId}, row_number() OVER (ORDER BY c.name, k.place, k.period, md5(r.id::text || ${r.salt})),
           jsonb_build_object(
             'category', c.name,
             'unit', ${r.place === 'category' ? sql`NULL` : sql`u.name`},
             'service_point', ${r.place === 'service_point' ? sql`sp.name` : sql`NULL`},
             'period', k.period,
             'verified', r.verified,
             'overall', r.overall,
             'aspects', r.aspect_answers ${comment})
    FROM citizen_rating r
    JOIN unit u ON u.id = r.unit_id
    JOIN unit_category c ON c.id = u.category_id
    JOIN service_point sp ON sp.id = r.service_point_id
    ${IN_KEPT(r)}
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
