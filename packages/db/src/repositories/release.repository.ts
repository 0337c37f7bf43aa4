// Dataset releases (脱敏数据集): the stored release, its frozen rows read back, who may read them
// and their downloads. Rows hold only generalised quasi-identifiers and the ratings: never rating
// ids, exact times, devices, phones, comments unscrubbed or staff. The build is release-build.repository.ts.
import { type Kysely, sql } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

export type ReleasePlace = 'service_point' | 'unit' | 'category';
export type ReleaseTime = 'day' | 'week' | 'month';

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
