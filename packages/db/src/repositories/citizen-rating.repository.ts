// Citizen ratings: the context a rating needs, shared limit counters, and the atomic write of
// a rating with its case and callback contact.
import { type Kysely, sql } from 'kysely';
import type { DB, JsonValue } from '../schema.generated.ts';

/** Everything about a service point a rating needs: its unit, organiser, open cycle and aspects. */
export async function loadServicePointContext(db: Kysely<DB>, servicePointId: string, today: string) {
  const row = await db
    .selectFrom('service_point as sp')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .leftJoin('cycle as c', (join) =>
      join
        .onRef('c.organiser_id', '=', 'u.organiser_id')
        .on('c.state', '=', 'open')
        .on('c.starts_on', '<=', today)
        .on('c.ends_on', '>=', today),
    )
    .select([
      'sp.id as service_point_id',
      'sp.name as service_point_name',
      'u.id as unit_id',
      'u.name as unit_name',
      'u.organiser_id',
      'c.id as cycle_id',
      'c.name as cycle_name',
      'c.policy',
    ])
    .where('sp.id', '=', servicePointId)
    .where('sp.retired_at', 'is', null)
    .where('u.retired_at', 'is', null)
    .orderBy('c.starts_on', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  const aspects = row.cycle_id
    ? await db
        .selectFrom('rating_aspect')
        .select(['code', 'name', 'name_en'])
        .where('cycle_id', '=', row.cycle_id)
        .orderBy('position')
        .execute()
    : [];
  return { ...row, aspects };
}
export type ServicePointContext = NonNullable<Awaited<ReturnType<typeof loadServicePointContext>>>;

export async function isQrKeyVersionActive(
  db: Kysely<DB>,
  organiserId: string,
  version: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('qr_key_version')
    .select('version')
    .where('organiser_id', '=', organiserId)
    .where('version', '=', version)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findRatingByIdempotencyKey(db: Kysely<DB>, key: string) {
  return db
    .selectFrom('citizen_rating as r')
    .leftJoin('negative_rating_case as nc', 'nc.rating_id', 'r.id')
    .select(['r.id', 'r.verified', 'nc.id as case_id'])
    .where('r.idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function loadWorkingCalendar(db: Kysely<DB>, organiserId: string) {
  const days = await db
    .selectFrom('calendar_day')
    .select(['day', 'kind'])
    .where('organiser_id', '=', organiserId)
    .execute();
  return new Map(days.map((d) => [d.day, d.kind as 'holiday' | 'workday']));
}

export interface NewCitizenRating {
  cycleId: string;
  unitId: string;
  servicePointId: string;
  source: 'window_qr' | 'visit_qr' | 'device';
  verified: boolean;
  visitTokenId: string | null;
  deviceId: string | null;
  overall: number;
  aspects: Record<string, number>;
  comment: string | null;
  quarantineReason: string | null;
  idempotencyKey: string;
  /** Set when the rating opens a case. */
  caseDueOn: string | null;
  phoneEncrypted: Uint8Array | null;
  now: Date;
}

/** Consumes a one-time visit token atomically: only one caller ever gets the row back. */
export async function consumeVisitToken(trx: Kysely<DB>, tokenHash: Uint8Array, now: Date) {
  return trx
    .updateTable('visit_token')
    .set({ consumed_at: now })
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'service_point_id', 'device_id'])
    .executeTakeFirst();
}

export async function findVisitToken(db: Kysely<DB>, tokenHash: Uint8Array) {
  return db
    .selectFrom('visit_token')
    .select(['id', 'service_point_id', 'expires_at', 'consumed_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function insertVisitToken(
  db: Kysely<DB>,
  v: { servicePointId: string; deviceId: string; tokenHash: Uint8Array; issuedAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('visit_token')
    .values({
      service_point_id: v.servicePointId,
      device_id: v.deviceId,
      token_hash: v.tokenHash,
      issued_at: v.issuedAt,
      expires_at: v.expiresAt,
    })
    .execute();
}

export async function findDeviceByKeyHash(db: Kysely<DB>, keyHash: Uint8Array) {
  return db
    .selectFrom('rating_device')
    .select(['id', 'service_point_id'])
    .where('api_key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

// ---- Batched writes: many ratings in one transaction (see apps/api rating-batcher.ts) ----

export async function findRatingsByIdempotencyKeys(db: Kysely<DB>, keys: string[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('citizen_rating as r')
    .leftJoin('negative_rating_case as nc', 'nc.rating_id', 'r.id')
    .select(['r.id', 'r.idempotency_key', 'r.verified', 'nc.id as case_id'])
    .where('r.idempotency_key', 'in', keys)
    .execute();
}

/**
 * Adds `by` to each counter and returns the new totals. Rows are locked in a fixed order
 * (sorted by bucket and window), so concurrent batches cannot deadlock on them.
 */
export async function bumpCountersBy(
  db: Kysely<DB>,
  bumps: { bucket: string; windowStart: Date; by: number }[],
): Promise<Map<string, number>> {
  if (bumps.length === 0) return new Map();
  const sorted = [...bumps].sort((a, b) =>
    a.bucket === b.bucket ? a.windowStart.getTime() - b.windowStart.getTime() : a.bucket < b.bucket ? -1 : 1,
  );
  const rows = await db
    .insertInto('rate_limit_counter')
    .values(sorted.map((b) => ({ bucket: b.bucket, window_start: b.windowStart, hits: b.by })))
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'window_start'])
        .doUpdateSet({ hits: sql<number>`rate_limit_counter.hits + excluded.hits` }),
    )
    .returning(['bucket', 'window_start', 'hits'])
    .execute();
  return new Map(rows.map((r) => [`${r.bucket}@${r.window_start.getTime()}`, r.hits]));
}

export async function insertCitizenRatings(trx: Kysely<DB>, ratings: NewCitizenRating[]) {
  if (ratings.length === 0) return new Map<string, number>();
  const inserted = await trx
    .insertInto('citizen_rating')
    .values(
      ratings.map((r) => ({
        cycle_id: r.cycleId,
        unit_id: r.unitId,
        service_point_id: r.servicePointId,
        source: r.source,
        verified: r.verified,
        visit_token_id: r.visitTokenId,
        device_id: r.deviceId,
        overall: r.overall,
        aspect_answers: r.aspects as JsonValue,
        comment: r.comment,
        quarantine_state: r.quarantineReason ? 'quarantined' : 'none',
        quarantine_reason: r.quarantineReason,
        idempotency_key: r.idempotencyKey,
        created_at: r.now,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'idempotency_key'])
    .execute();
  const ids = new Map(inserted.map((r) => [r.idempotency_key, r.id]));
  const cases = ratings.filter((r) => r.caseDueOn && ids.has(r.idempotencyKey));
  if (cases.length > 0) {
    await trx
      .insertInto('negative_rating_case')
      .values(
        cases.map((r) => ({
          rating_id: ids.get(r.idempotencyKey) as number,
          unit_id: r.unitId,
          opened_at: r.now,
          due_on: r.caseDueOn as string,
        })),
      )
      .execute();
  }
  const contacts = ratings.filter((r) => r.phoneEncrypted && ids.has(r.idempotencyKey));
  if (contacts.length > 0) {
    await trx
      .insertInto('callback_contact')
      .values(
        contacts.map((r) => ({
          rating_id: ids.get(r.idempotencyKey) as number,
          phone_encrypted: r.phoneEncrypted,
          consented_at: r.now,
        })),
      )
      .execute();
  }
  return ids;
}
