// Sessions for staff and invited evaluators. Only token hashes are stored.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function insertSession(
  db: Kysely<DB>,
  opts: { tokenHash: Uint8Array; staffUserId: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      token_hash: opts.tokenHash,
      staff_user_id: opts.staffUserId,
      created_at: opts.now,
      last_seen_at: opts.now,
      expires_at: opts.expiresAt,
    })
    .execute();
}

/**
 * Finds a live session and marks it seen, in one statement so concurrent requests agree.
 * A session is live until its absolute expiry and while it was seen within idleMinutes.
 */
export async function touchLiveSession(
  db: Kysely<DB>,
  opts: { tokenHash: Uint8Array; idleMinutes: number; now: Date },
) {
  const idleSince = new Date(opts.now.getTime() - opts.idleMinutes * 60_000);
  return db
    .updateTable('session')
    .set({ last_seen_at: opts.now })
    .where('token_hash', '=', opts.tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', opts.now)
    .where('last_seen_at', '>', idleSince)
    .returning(['id', 'staff_user_id', 'invitation_id', 'expires_at'])
    .executeTakeFirst();
}

export async function revokeSession(
  db: Kysely<DB>,
  opts: { tokenHash: Uint8Array; now: Date },
): Promise<void> {
  await db
    .updateTable('session')
    .set({ revoked_at: opts.now })
    .where('token_hash', '=', opts.tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}
