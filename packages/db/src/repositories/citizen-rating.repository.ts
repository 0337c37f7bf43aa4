// Citizen ratings: the context a rating needs, visit codes and rating devices. The batched
// write of ratings is in rating-ingest.repository.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

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
      'sp.rating_paused_at',
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

export async function findVisitToken(db: Kysely<DB>, tokenHash: Uint8Array) {
  return db
    .selectFrom('visit_token')
    .select(['id', 'service_point_id', 'expires_at', 'consumed_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** A visit code by its id, for the window device that rates the visit in place of the citizen's phone. */
export async function findVisitTokenById(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('visit_token')
    .select(['id', 'service_point_id', 'token_hash', 'expires_at', 'consumed_at'])
    .where('id', '=', id)
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

/**
 * Deletes the one-time visit codes that expired unused before `before`; returns how many. A used
 * code stays: its rating points at it (citizen_rating.visit_token_id).
 */
export async function pruneExpiredVisitTokens(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('visit_token')
    .where('consumed_at', 'is', null)
    .where('expires_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findDeviceByKeyHash(db: Kysely<DB>, keyHash: Uint8Array) {
  return db
    .selectFrom('rating_device')
    .select(['id', 'service_point_id'])
    .where('api_key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
