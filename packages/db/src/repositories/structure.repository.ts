// An organiser's structure: unit categories, the unit tree, service points and their volumes.
// Callers scope by organiser; writes run in the caller's transaction with their audit entry.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function listCategories(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('unit_category as c')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.name_en',
      'c.retired_at',
      (eb) =>
        eb
          .selectFrom('unit as u')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('u.category_id', '=', 'c.id')
          .where('u.retired_at', 'is', null)
          .as('units'),
    ])
    .where('c.organiser_id', '=', organiserId)
    .orderBy('c.created_at')
    .orderBy('c.code')
    .execute();
}

export async function listUnitTree(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('unit as u')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.name_en',
      'u.category_id',
      'u.parent_id',
      'u.retired_at',
      (eb) =>
        eb
          .selectFrom('service_point as sp')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('sp.unit_id', '=', 'u.id')
          .where('sp.retired_at', 'is', null)
          .as('service_points'),
    ])
    .where('u.organiser_id', '=', organiserId)
    .orderBy('u.code')
    .execute();
}

export async function insertCategory(
  trx: Kysely<DB>,
  c: { organiserId: string; code: string; name: string; nameEn?: string | undefined },
) {
  return trx
    .insertInto('unit_category')
    .values({ organiser_id: c.organiserId, code: c.code, name: c.name, name_en: c.nameEn ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Each update returns what the row held before (for the audit log), or null when not found. */
export async function updateCategory(
  trx: Kysely<DB>,
  organiserId: string,
  id: string,
  set: { name?: string; name_en?: string | null; retired_at?: Date | null },
) {
  const before = await trx
    .selectFrom('unit_category')
    .select(['name', 'name_en', 'retired_at'])
    .where('id', '=', id)
    .where('organiser_id', '=', organiserId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return null;
  await trx.updateTable('unit_category').set(set).where('id', '=', id).execute();
  return before;
}

export async function insertUnit(
  trx: Kysely<DB>,
  u: {
    organiserId: string;
    code: string;
    name: string;
    nameEn?: string | undefined;
    categoryId: string;
    parentId: string | null;
  },
) {
  return trx
    .insertInto('unit')
    .values({
      organiser_id: u.organiserId,
      code: u.code,
      name: u.name,
      name_en: u.nameEn ?? null,
      category_id: u.categoryId,
      parent_id: u.parentId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateUnit(
  trx: Kysely<DB>,
  organiserId: string,
  id: string,
  set: {
    name?: string;
    name_en?: string | null;
    category_id?: string;
    parent_id?: string | null;
    retired_at?: Date | null;
  },
) {
  const before = await trx
    .selectFrom('unit')
    .select(['name', 'name_en', 'category_id', 'parent_id', 'retired_at'])
    .where('id', '=', id)
    .where('organiser_id', '=', organiserId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return null;
  await trx.updateTable('unit').set(set).where('id', '=', id).execute();
  return before;
}

export async function servicePointsOfUnit(db: Kysely<DB>, unitId: string) {
  const [points, volumes] = await Promise.all([
    db
      .selectFrom('service_point')
      .select(['id', 'code', 'name', 'kind', 'retired_at'])
      .where('unit_id', '=', unitId)
      .orderBy('code')
      .execute(),
    db
      .selectFrom('service_volume as v')
      .innerJoin('service_point as sp', 'sp.id', 'v.service_point_id')
      .select(['v.service_point_id', 'v.period_start', 'v.period_end', 'v.volume'])
      .where('sp.unit_id', '=', unitId)
      .orderBy('v.period_start')
      .execute(),
  ]);
  return { points, volumes };
}

export async function insertServicePoint(
  trx: Kysely<DB>,
  s: { unitId: string; code: string; name: string; kind: string },
) {
  return trx
    .insertInto('service_point')
    .values({ unit_id: s.unitId, code: s.code, name: s.name, kind: s.kind })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A service point with its unit's organiser, for scoping. */
export async function findServicePointForOrganiser(db: Kysely<DB>, organiserId: string, id: string) {
  return db
    .selectFrom('service_point as sp')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .select(['sp.id', 'sp.unit_id', 'sp.name'])
    .where('sp.id', '=', id)
    .where('u.organiser_id', '=', organiserId)
    .executeTakeFirst();
}

export async function updateServicePoint(
  trx: Kysely<DB>,
  id: string,
  set: { name?: string; kind?: string; retired_at?: Date | null },
) {
  const before = await trx
    .selectFrom('service_point')
    .select(['name', 'kind', 'retired_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  await trx.updateTable('service_point').set(set).where('id', '=', id).execute();
  return before ?? null;
}

export async function upsertServiceVolume(
  trx: Kysely<DB>,
  v: { servicePointId: string; periodStart: string; periodEnd: string; volume: number },
) {
  await trx
    .insertInto('service_volume')
    .values({
      service_point_id: v.servicePointId,
      period_start: v.periodStart,
      period_end: v.periodEnd,
      volume: v.volume,
    })
    .onConflict((oc) =>
      oc
        .columns(['service_point_id', 'period_start'])
        .doUpdateSet({ period_end: v.periodEnd, volume: v.volume }),
    )
    .execute();
}

/** The volume recorded for a service point's period, for the audit log's `before` (null: none). */
export async function serviceVolumeForAudit(db: Kysely<DB>, servicePointId: string, periodStart: string) {
  const row = await db
    .selectFrom('service_volume')
    .select(['period_start', 'period_end', 'volume'])
    .where('service_point_id', '=', servicePointId)
    .where('period_start', '=', periodStart)
    .executeTakeFirst();
  return row
    ? { periodStart: row.period_start, periodEnd: row.period_end, volume: Number(row.volume) }
    : null;
}
