// Staff users and their roles.
import type { Role } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function findStaffForSignIn(db: Kysely<DB>, login: string) {
  return db
    .selectFrom('staff_user')
    .select(['id', 'password_hash', 'failed_sign_ins', 'locked_until', 'disabled_at'])
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
}

export async function getStaffIdentity(
  db: Kysely<DB>,
  userId: string,
): Promise<StaffIdentityRow | undefined> {
  const row = await db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.login', 'u.display_name', 'o.id as org_id', 'o.kind', 'o.name'])
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
  };
}
