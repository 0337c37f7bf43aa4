// The organiser's structure: unit categories, the unit tree (create, edit, move, retire) and
// service points with their service volumes. Every write is audited in its transaction.
import type { Structure } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  devicesOfUnit,
  findServicePointForOrganiser,
  insertCategory,
  insertServicePoint,
  insertUnit,
  type JsonValue,
  listCategories,
  listUnitTree,
  servicePointsOfUnit,
  serviceVolumeForAudit,
  updateCategory,
  updateServicePoint,
  updateUnit,
  upsertServiceVolume,
} from '@kaimen/db';
import { wouldCreateLoop } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type ScopedActor = Actor & { organiserId: string };

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', { issues: [{ path, message }] });

/** A row as it was, in the patch's own vocabulary (nameEn, categoryId, retired …). */
function beforeOf(row: {
  name: string;
  name_en?: string | null;
  category_id?: string;
  parent_id?: string | null;
  kind?: string;
  retired_at: Date | null;
}): JsonValue {
  return {
    name: row.name,
    ...(row.name_en === undefined ? {} : { nameEn: row.name_en }),
    ...(row.category_id === undefined ? {} : { categoryId: row.category_id }),
    ...(row.parent_id === undefined ? {} : { parentId: row.parent_id }),
    ...(row.kind === undefined ? {} : { kind: row.kind }),
    retired: row.retired_at !== null,
  };
}

async function audited<T>(
  deps: AppDeps,
  actor: ScopedActor,
  entry: { action: string; entity: string; requestId: string; after: JsonValue },
  /** An update returns `before`, what the row held, so the entry carries both sides. */
  write: (trx: AppDeps['db']) => Promise<T & { id: string; before?: JsonValue }>,
): Promise<T & { id: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const result = await write(trx);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: entry.action,
      entity: entry.entity,
      entityId: result.id,
      ...(result.before === undefined ? {} : { before: result.before }),
      after: entry.after,
      requestId: entry.requestId,
    });
    return result;
  });
}

export async function structureOf(deps: AppDeps, actor: ScopedActor): Promise<Structure> {
  const [categories, units] = await Promise.all([
    listCategories(deps.db, actor.organiserId),
    listUnitTree(deps.db, actor.organiserId),
  ]);
  return {
    categories: categories.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      nameEn: c.name_en,
      retired: c.retired_at !== null,
      units: Number(c.units ?? 0),
    })),
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      nameEn: u.name_en,
      categoryId: u.category_id,
      parentId: u.parent_id,
      retired: u.retired_at !== null,
      servicePoints: Number(u.service_points ?? 0),
    })),
  };
}

export function createCategory(
  deps: AppDeps,
  actor: ScopedActor,
  input: { code: string; name: string; nameEn?: string | undefined },
  requestId: string,
) {
  return audited(
    deps,
    actor,
    { action: 'unit_category.create', entity: 'unit_category', requestId, after: input },
    (trx) => insertCategory(trx, { organiserId: actor.organiserId, ...input }),
  );
}

export async function editCategory(
  deps: AppDeps,
  actor: ScopedActor,
  id: string,
  patch: { name?: string | undefined; nameEn?: string | undefined; retired?: boolean | undefined },
  requestId: string,
) {
  await audited(
    deps,
    actor,
    { action: 'unit_category.update', entity: 'unit_category', requestId, after: patch },
    async (trx) => {
      const old = await updateCategory(trx, actor.organiserId, id, {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.nameEn === undefined ? {} : { name_en: patch.nameEn }),
        ...(patch.retired === undefined ? {} : { retired_at: patch.retired ? deps.now() : null }),
      });
      if (!old) throw new AppError('not_found');
      return { id, before: beforeOf(old) };
    },
  );
}

async function checkUnitPlacement(
  deps: AppDeps,
  actor: ScopedActor,
  unitId: string | null,
  place: { categoryId?: string | undefined; parentId?: string | null | undefined },
) {
  const { categories, units } = await structureOf(deps, actor);
  if (place.categoryId !== undefined && !categories.some((c) => c.id === place.categoryId && !c.retired))
    throw invalid('categoryId', '请选择本机构的有效单位类别 (choose one of your active categories)');
  if (place.parentId) {
    if (!units.some((u) => u.id === place.parentId))
      throw invalid('parentId', '上级单位不存在 (no such parent unit)');
    const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
    if (unitId && wouldCreateLoop(parentOf, unitId, place.parentId))
      throw invalid(
        'parentId',
        '不能把单位移到它自己或它的下级单位之下 (a unit cannot move under itself or its sub-units)',
      );
  }
}

export async function createUnit(
  deps: AppDeps,
  actor: ScopedActor,
  input: {
    code: string;
    name: string;
    nameEn?: string | undefined;
    categoryId: string;
    parentId?: string | null | undefined;
  },
  requestId: string,
) {
  await checkUnitPlacement(deps, actor, null, input);
  return audited(deps, actor, { action: 'unit.create', entity: 'unit', requestId, after: input }, (trx) =>
    insertUnit(trx, { organiserId: actor.organiserId, ...input, parentId: input.parentId ?? null }),
  );
}

export async function editUnit(
  deps: AppDeps,
  actor: ScopedActor,
  id: string,
  patch: {
    name?: string | undefined;
    nameEn?: string | undefined;
    categoryId?: string | undefined;
    parentId?: string | null | undefined;
    retired?: boolean | undefined;
  },
  requestId: string,
) {
  await checkUnitPlacement(deps, actor, id, patch);
  await audited(
    deps,
    actor,
    { action: 'unit.update', entity: 'unit', requestId, after: patch },
    async (trx) => {
      const old = await updateUnit(trx, actor.organiserId, id, {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.nameEn === undefined ? {} : { name_en: patch.nameEn }),
        ...(patch.categoryId === undefined ? {} : { category_id: patch.categoryId }),
        ...(patch.parentId === undefined ? {} : { parent_id: patch.parentId }),
        ...(patch.retired === undefined ? {} : { retired_at: patch.retired ? deps.now() : null }),
      });
      if (!old) throw new AppError('not_found');
      return { id, before: beforeOf(old) };
    },
  );
}

async function ownUnit(deps: AppDeps, actor: ScopedActor, unitId: string) {
  const unit = (await listUnitTree(deps.db, actor.organiserId)).find((u) => u.id === unitId);
  if (!unit) throw new AppError('not_found');
  return unit;
}

export async function servicePointsOf(deps: AppDeps, actor: ScopedActor, unitId: string) {
  const unit = await ownUnit(deps, actor, unitId);
  const [{ points, volumes }, devices] = await Promise.all([
    servicePointsOfUnit(deps.db, unit.id),
    devicesOfUnit(deps.db, unit.id),
  ]);
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name },
    servicePoints: points.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      kind: p.kind as 'counter' | 'hall' | 'online',
      retired: p.retired_at !== null,
      volumes: volumes
        .filter((v) => v.service_point_id === p.id)
        .map((v) => ({ periodStart: v.period_start, periodEnd: v.period_end, volume: v.volume })),
      devices: devices
        .filter((d) => d.service_point_id === p.id)
        .map((d) => ({
          id: d.id,
          name: d.name,
          kind: d.kind,
          keyPrefix: d.api_key_prefix,
          revoked: d.revoked_at !== null,
        })),
    })),
  };
}

export async function createServicePoint(
  deps: AppDeps,
  actor: ScopedActor,
  unitId: string,
  input: { code: string; name: string; kind: string },
  requestId: string,
) {
  const unit = await ownUnit(deps, actor, unitId);
  return audited(
    deps,
    actor,
    { action: 'service_point.create', entity: 'service_point', requestId, after: { unitId, ...input } },
    (trx) => insertServicePoint(trx, { unitId: unit.id, ...input }),
  );
}

async function ownServicePoint(deps: AppDeps, actor: ScopedActor, id: string) {
  const point = await findServicePointForOrganiser(deps.db, actor.organiserId, id);
  if (!point) throw new AppError('not_found');
  return point;
}

export async function editServicePoint(
  deps: AppDeps,
  actor: ScopedActor,
  id: string,
  patch: { name?: string | undefined; kind?: string | undefined; retired?: boolean | undefined },
  requestId: string,
) {
  await ownServicePoint(deps, actor, id);
  await audited(
    deps,
    actor,
    { action: 'service_point.update', entity: 'service_point', requestId, after: patch },
    async (trx) => {
      const old = await updateServicePoint(trx, id, {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.kind === undefined ? {} : { kind: patch.kind }),
        ...(patch.retired === undefined ? {} : { retired_at: patch.retired ? deps.now() : null }),
      });
      if (!old) throw new AppError('not_found');
      return { id, before: beforeOf(old) };
    },
  );
}

export async function recordServiceVolume(
  deps: AppDeps,
  actor: ScopedActor,
  id: string,
  input: { periodStart: string; periodEnd: string; volume: number },
  requestId: string,
) {
  await ownServicePoint(deps, actor, id);
  await audited(
    deps,
    actor,
    { action: 'service_volume.record', entity: 'service_point', requestId, after: input },
    async (trx) => {
      const before = await serviceVolumeForAudit(trx, id, input.periodStart);
      await upsertServiceVolume(trx, { servicePointId: id, ...input });
      return { id, before };
    },
  );
}
