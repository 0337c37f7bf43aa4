// Staff users and their roles.
import type { Role } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function findStaffForSignIn(db: Kysely<DB>, login: string) {
  return db
    .selectFrom('staff_user')
    .select([
      'id',
      'login',
      'password_hash',
      'failed_sign_ins',
      'locked_until',
      'disabled_at',
      'totp_secret_encrypted',
    ])
    .where('login', '=', login)
    .executeTakeFirst();
}

/** Counts a failed sign-in and locks the account for lockMinutes after maxFailures. */
export async function recordFailedSignIn(
  db: Kysely<DB>,
  opts: { userId: string; maxFailures: number; lockMinutes: number; now: Date },
): Promise<void> {
  const lockUntil = new Date(opts.now.getTime() + opts.lockMinutes * 60_000);
  await db
    .updateTable('staff_user')
    .set((eb) => ({
      failed_sign_ins: eb('failed_sign_ins', '+', 1),
      locked_until: eb
        .case()
        .when('failed_sign_ins', '>=', opts.maxFailures - 1)
        .then(lockUntil)
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('id', '=', opts.userId)
    .execute();
}

export async function resetFailedSignIns(db: Kysely<DB>, userId: string): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export interface StaffIdentityRow {
  userId: string;
  login: string;
  displayName: string;
  organisation: { id: string; kind: string; name: string };
  roles: Role[];
  totpEnabled: boolean;
}

export async function getStaffIdentity(
  db: Kysely<DB>,
  userId: string,
): Promise<StaffIdentityRow | undefined> {
  const row = await db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.login',
      'u.display_name',
      'o.id as org_id',
      'o.kind',
      'o.name',
      (eb) => eb('u.totp_secret_encrypted', 'is not', null).as('totp_enabled'),
    ])
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const roles = await db
    .selectFrom('staff_role')
    .select('role')
    .where('staff_user_id', '=', userId)
    .orderBy('role')
    .execute();
  return {
    userId: row.id,
    login: row.login,
    displayName: row.display_name,
    organisation: { id: row.org_id, kind: row.kind, name: row.name },
    roles: roles.map((r) => r.role as Role),
    totpEnabled: Boolean(row.totp_enabled),
  };
}

/** Every sign-in attempt, by login and by a keyed hash of the client's address. */
export async function recordSignInAttempt(
  db: Kysely<DB>,
  a: { login: string; clientHash: Uint8Array; succeeded: boolean; now: Date },
): Promise<void> {
  await db
    .insertInto('sign_in_attempt')
    .values({ login: a.login, client_hash: a.clientHash, succeeded: a.succeeded, attempted_at: a.now })
    .execute();
}

export async function failedSignInsFromClient(db: Kysely<DB>, clientHash: Uint8Array, since: Date) {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_hash', '=', clientHash)
    .where('attempted_at', '>=', since)
    .where('succeeded', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Attempts are only needed for the throttling window; older ones are deleted. */
export async function pruneSignInAttempts(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db.deleteFrom('sign_in_attempt').where('attempted_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findTotpState(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('staff_user')
    .select(['login', 'totp_secret_encrypted', 'totp_pending_encrypted', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function setTotpPending(db: Kysely<DB>, userId: string, encrypted: Uint8Array | null) {
  await db
    .updateTable('staff_user')
    .set({ totp_pending_encrypted: encrypted })
    .where('id', '=', userId)
    .execute();
}

/** Turns the second factor on (the pending secret, confirmed) or off (null). */
export async function setTotpSecret(
  db: Kysely<DB>,
  userId: string,
  encrypted: Uint8Array | null,
  lastStep: number | null,
) {
  await db
    .updateTable('staff_user')
    .set({ totp_secret_encrypted: encrypted, totp_pending_encrypted: null, totp_last_step: lastStep })
    .where('id', '=', userId)
    .execute();
}

/**
 * Accepts a code's time step once: false when this step (or a later one) was already used, so
 * a code seen over someone's shoulder cannot be replayed, even by two sign-ins at once.
 */
export async function acceptTotpStep(db: Kysely<DB>, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_user')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
