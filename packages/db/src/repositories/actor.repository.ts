// Who a signed-in staff member is for access control: roles, organisation, and the organiser
// and unit their data is scoped to.
import type { Role } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface Actor {
  userId: string;
  roles: Role[];
  organisationId: string;
  organisationKind: string;
  /** The organiser whose data this person works on (their own office for organiser staff). */
  organiserId: string | null;
  /** Set for unit liaisons: the one unit they act for. */
  unitId: string | null;
}

export async function loadActor(db: Kysely<DB>, userId: string): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'o.id as org_id', 'o.kind', 'o.organiser_id', 'o.unit_id'])
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const roles = await db
    .selectFrom('staff_role')
    .select('role')
    .where('staff_user_id', '=', userId)
    .execute();
  return {
    userId: row.id,
    roles: roles.map((r) => r.role as Role),
    organisationId: row.org_id,
    organisationKind: row.kind,
    organiserId: row.kind === 'organiser' ? row.org_id : row.organiser_id,
    unitId: row.unit_id,
  };
}
