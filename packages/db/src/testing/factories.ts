// Small builders for tests: each inserts one row with sensible defaults and returns it.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

const short = () => randomUUID().slice(0, 8);

export async function newOrganiser(db: Kysely<DB>, name = '测试机关工委') {
  return db
    .insertInto('organisation')
    .values({ kind: 'organiser', code: `org-${short()}`, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function newCategory(db: Kysely<DB>, organiserId: string, name = '窗口服务类') {
  return db
    .insertInto('unit_category')
    .values({ organiser_id: organiserId, code: `cat-${short()}`, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function newUnit(
  db: Kysely<DB>,
  opts: { organiserId: string; categoryId: string; parentId?: string; name?: string },
) {
  return db
    .insertInto('unit')
    .values({
      organiser_id: opts.organiserId,
      category_id: opts.categoryId,
      parent_id: opts.parentId ?? null,
      code: `unit-${short()}`,
      name: opts.name ?? '测试单位',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function newServicePoint(db: Kysely<DB>, unitId: string, name = '1号窗口') {
  return db
    .insertInto('service_point')
    .values({ unit_id: unitId, code: `sp-${short()}`, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function newCycle(db: Kysely<DB>, organiserId: string, year = 2026) {
  return db
    .insertInto('cycle')
    .values({
      organiser_id: organiserId,
      year,
      name: `${year} 年度模范机关考评 ${short()}`,
      starts_on: `${year}-01-01`,
      ends_on: `${year}-12-31`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An organiser with one category, unit, service point and cycle. */
export async function newWorld(db: Kysely<DB>) {
  const organiser = await newOrganiser(db);
  const category = await newCategory(db, organiser.id);
  const unit = await newUnit(db, { organiserId: organiser.id, categoryId: category.id });
  const servicePoint = await newServicePoint(db, unit.id);
  const cycle = await newCycle(db, organiser.id);
  return { organiser, category, unit, servicePoint, cycle };
}

export function ratingValues(world: Awaited<ReturnType<typeof newWorld>>) {
  return {
    cycle_id: world.cycle.id,
    unit_id: world.unit.id,
    service_point_id: world.servicePoint.id,
    source: 'window_qr',
    overall: 5,
    aspect_answers: { efficiency: 4 },
    idempotency_key: randomUUID(),
  } as const;
}

/** A staff member with a unit organisation (for unit liaisons) or in the given organisation. */
export async function newStaff(
  db: Kysely<DB>,
  opts: { organisationId: string; roles: string[]; login?: string; passwordHash: string },
) {
  const user = await db
    .insertInto('staff_user')
    .values({
      organisation_id: opts.organisationId,
      login: opts.login ?? `staff.${short()}`,
      display_name: '测试人员',
      password_hash: opts.passwordHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (opts.roles.length > 0) {
    await db
      .insertInto('staff_role')
      .values(opts.roles.map((role) => ({ staff_user_id: user.id, role })))
      .execute();
  }
  return user;
}

export async function newUnitOrganisation(db: Kysely<DB>, opts: { organiserId: string; unitId: string }) {
  return db
    .insertInto('organisation')
    .values({
      kind: 'unit',
      organiser_id: opts.organiserId,
      unit_id: opts.unitId,
      code: `uorg-${short()}`,
      name: '单位',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
