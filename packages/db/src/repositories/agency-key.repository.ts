// API keys of assessment agencies: stored as SHA-256 only, scoped to an organiser and cycles,
// with an expiry; revoked keys stay on record.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function insertAgencyKey(
  trx: Kysely<DB>,
  k: {
    agencyId: string;
    organiserId: string;
    cycleIds: string[];
    keyHash: Uint8Array;
    keyPrefix: string;
    expiresAt: Date;
  },
) {
  return trx
    .insertInto('agency_api_key')
    .values({
      agency_id: k.agencyId,
      organiser_id: k.organiserId,
      cycle_ids: k.cycleIds,
      key_hash: Buffer.from(k.keyHash),
      key_prefix: k.keyPrefix,
      expires_at: k.expiresAt,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export async function findAgencyKeyByHash(db: Kysely<DB>, keyHash: Uint8Array) {
  return db
    .selectFrom('agency_api_key')
    .select(['id', 'agency_id', 'organiser_id', 'cycle_ids', 'expires_at', 'revoked_at'])
    .where('key_hash', '=', Buffer.from(keyHash))
    .executeTakeFirst();
}

export async function touchAgencyKey(db: Kysely<DB>, id: string, at: Date) {
  await db.updateTable('agency_api_key').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listAgencyKeys(db: Kysely<DB>, agencyId: string) {
  return db
    .selectFrom('agency_api_key')
    .select([
      'id',
      'key_prefix',
      'organiser_id',
      'cycle_ids',
      'created_at',
      'expires_at',
      'revoked_at',
      'last_used_at',
    ])
    .where('agency_id', '=', agencyId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeAgencyKey(trx: Kysely<DB>, agencyId: string, id: string, at: Date) {
  const r = await trx
    .updateTable('agency_api_key')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('agency_id', '=', agencyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The organisers of the given cycles (an API key is for one organiser's cycles). */
export async function cycleOrganisers(db: Kysely<DB>, cycleIds: readonly string[]) {
  return db.selectFrom('cycle').select(['id', 'organiser_id']).where('id', 'in', cycleIds).execute();
}
