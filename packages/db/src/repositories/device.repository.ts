// Rating devices (window screens, queue systems, tablets) as the setup screens manage them.
// A device's API key is stored only as its hash.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function devicesOfUnit(db: Kysely<DB>, unitId: string) {
  return db
    .selectFrom('rating_device as d')
    .innerJoin('service_point as sp', 'sp.id', 'd.service_point_id')
    .select([
      'd.id',
      'd.service_point_id',
      'd.name',
      'd.kind',
      'd.api_key_prefix',
      'd.created_at',
      'd.revoked_at',
    ])
    .where('sp.unit_id', '=', unitId)
    .orderBy('d.created_at')
    .execute();
}

export async function insertDevice(
  trx: Kysely<DB>,
  d: { servicePointId: string; name: string; kind: string; keyHash: Uint8Array; keyPrefix: string },
) {
  return trx
    .insertInto('rating_device')
    .values({
      service_point_id: d.servicePointId,
      name: d.name,
      kind: d.kind,
      api_key_hash: d.keyHash,
      api_key_prefix: d.keyPrefix,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Revokes a live device of the organiser's; false when there is none (or it was revoked). */
export async function revokeDevice(trx: Kysely<DB>, organiserId: string, id: string, now: Date) {
  const r = await trx
    .updateTable('rating_device')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('service_point_id', 'in', (eb) =>
      eb
        .selectFrom('service_point as sp')
        .innerJoin('unit as u', 'u.id', 'sp.unit_id')
        .select('sp.id')
        .where('u.organiser_id', '=', organiserId),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A live device's name and kind (the device page shows them). */
export async function findDevice(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('rating_device')
    .select(['id', 'name', 'kind', 'service_point_id'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The oldest visit a queue system created at the window after `after` that is still open. */
export async function nextOpenVisit(
  db: Kysely<DB>,
  opts: { servicePointId: string; after: Date; now: Date },
) {
  return db
    .selectFrom('visit_token')
    .select(['id', 'issued_at', 'expires_at'])
    .where('service_point_id', '=', opts.servicePointId)
    .where('issued_at', '>', opts.after)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', opts.now)
    .orderBy('issued_at')
    .limit(1)
    .executeTakeFirst();
}
