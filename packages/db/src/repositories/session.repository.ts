// Sessions for staff and invited evaluators. Only token hashes are stored.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function insertSession(
  db: Kysely<DB>,
  opts: { tokenHash: Uint8Array; expiresAt: Date; now: Date } & (
    | { staffUserId: string; invitationId?: undefined }
    | { invitationId: string; staffUserId?: undefined }
  ),
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      token_hash: opts.tokenHash,
      staff_user_id: opts.staffUserId ?? null,
      invitation_id: opts.invitationId ?? null,
      created_at: opts.now,
      last_seen_at: opts.now,
      expires_at: opts.expiresAt,
    })
    .execute();
}

/**
 * Finds a live session and marks it seen, in one statement so concurrent requests agree.
 * A session is live until its absolute expiry and while it was seen within its idle limit.
 */
export async function touchLiveSession(
  db: Kysely<DB>,
  opts: { tokenHash: Uint8Array; idleMinutes: number; evaluatorIdleMinutes: number; now: Date },
) {
  const idleSince = new Date(opts.now.getTime() - opts.idleMinutes * 60_000);
  // An invited evaluator saves a draft and comes back days later: a longer idle limit.
  const evaluatorIdleSince = new Date(opts.now.getTime() - opts.evaluatorIdleMinutes * 60_000);
  return db
    .updateTable('session')
    .set({ last_seen_at: opts.now })
    .where('token_hash', '=', opts.tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', opts.now)
    .where((eb) =>
      eb.or([
        eb.and([eb('staff_user_id', 'is not', null), eb('last_seen_at', '>', idleSince)]),
        eb.and([eb('invitation_id', 'is not', null), eb('last_seen_at', '>', evaluatorIdleSince)]),
      ]),
    )
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
