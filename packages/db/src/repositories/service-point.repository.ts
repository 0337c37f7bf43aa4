// Service points as seen by the organiser: for QR codes, posters and key versions.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function findServicePoints(
  db: Kysely<DB>,
  opts: { organiserId: string; servicePointId?: string; unitId?: string },
) {
  let query = db
    .selectFrom('service_point as sp')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .select(['sp.id', 'sp.name', 'sp.code', 'u.id as unit_id', 'u.name as unit_name'])
    .where('u.organiser_id', '=', opts.organiserId)
    .where('sp.retired_at', 'is', null)
    .orderBy('sp.code');
  if (opts.servicePointId) query = query.where('sp.id', '=', opts.servicePointId);
  if (opts.unitId) query = query.where('u.id', '=', opts.unitId);
  return query.execute();
}

/** The newest key version still in force: new posters are signed with it. */
export async function currentQrKeyVersion(db: Kysely<DB>, organiserId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('qr_key_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('organiser_id', '=', organiserId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.version ?? undefined;
}

export async function listQrKeyVersions(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('qr_key_version')
    .select(['version', 'created_at', 'revoked_at'])
    .where('organiser_id', '=', organiserId)
    .orderBy('version')
    .execute();
}

export async function addQrKeyVersion(trx: Kysely<DB>, organiserId: string, now: Date): Promise<number> {
  const latest = await trx
    .selectFrom('qr_key_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('organiser_id', '=', organiserId)
    .executeTakeFirst();
  const version = (latest?.version ?? 0) + 1;
  await trx
    .insertInto('qr_key_version')
    .values({ organiser_id: organiserId, version, created_at: now })
    .execute();
  return version;
}

export async function revokeQrKeyVersion(trx: Kysely<DB>, organiserId: string, version: number, now: Date) {
  return trx
    .updateTable('qr_key_version')
    .set({ revoked_at: now })
    .where('organiser_id', '=', organiserId)
    .where('version', '=', version)
    .where('revoked_at', 'is', null)
    .returning('version')
    .executeTakeFirst();
}

export async function listUnits(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('unit as u')
    .innerJoin('unit_category as c', 'c.id', 'u.category_id')
    .select(['u.id', 'u.code', 'u.name', 'c.name as category_name'])
    .where('u.organiser_id', '=', organiserId)
    .where('u.retired_at', 'is', null)
    .orderBy('c.name')
    .orderBy('u.name')
    .execute();
}
