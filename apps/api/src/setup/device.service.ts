// Rating devices per window (a queue system or window screen asks for per-visit codes with its
// key) and the organiser's QR key versions (rotate; revoke a version to void its posters).
import {
  type Actor,
  appendAudit,
  findServicePointForOrganiser,
  insertDevice,
  listQrKeyVersions,
  revokeDevice,
} from '@kaimen/db';
import { hashToken, newToken } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type ScopedActor = Actor & { organiserId: string };

export async function issueDevice(
  deps: AppDeps,
  actor: ScopedActor,
  servicePointId: string,
  input: { name: string; kind: string },
  requestId: string,
) {
  const point = await findServicePointForOrganiser(deps.db, actor.organiserId, servicePointId);
  if (!point) throw new AppError('not_found');
  // 256 random bits; the prefix lets staff tell keys apart without exposing them.
  const key = `kd_${newToken().token}`;
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await insertDevice(trx, {
      servicePointId: point.id,
      name: input.name,
      kind: input.kind,
      keyHash: hashToken(key),
      keyPrefix: key.slice(0, 7),
    });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'rating_device.create',
      entity: 'rating_device',
      entityId: id,
      after: { servicePointId: point.id, ...input },
      requestId,
    });
    return { id, key };
  });
}

export async function withdrawDevice(deps: AppDeps, actor: ScopedActor, id: string, requestId: string) {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeDevice(trx, actor.organiserId, id, deps.now()))) throw new AppError('not_found');
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'rating_device.revoke',
      entity: 'rating_device',
      entityId: id,
      // The update only matches a live device, so it was not revoked before.
      before: { revoked: false },
      after: { revoked: true },
      requestId,
    });
  });
}

export async function qrKeyVersions(deps: AppDeps, actor: ScopedActor) {
  const versions = await listQrKeyVersions(deps.db, actor.organiserId);
  return {
    versions: [...versions].reverse().map((v) => ({
      version: v.version,
      createdAt: v.created_at.toISOString(),
      revokedAt: v.revoked_at?.toISOString() ?? null,
    })),
  };
}
