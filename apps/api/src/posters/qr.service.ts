// Window QR codes (SVG, PNG), printable posters, and the organiser's signing-key versions.

import type { Actor } from '@kaimen/db';
import {
  addQrKeyVersion,
  appendAudit,
  currentQrKeyVersion,
  findServicePoints,
  revokeQrKeyVersion,
} from '@kaimen/db';
import { signWindowCode } from '@kaimen/domain';
import QRCode from 'qrcode';
import { qrKey } from '../citizen/keys.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { renderPosters } from './poster-pdf.ts';

type ScopedActor = Actor & { organiserId: string };

async function windowUrls(
  deps: AppDeps,
  actor: ScopedActor,
  filter: { servicePointId?: string; unitId?: string },
) {
  // A unit liaison prints the posters of their own unit only.
  if (actor.unitId && filter.unitId && filter.unitId !== actor.unitId) throw new AppError('not_found');
  const points = await findServicePoints(deps.db, {
    organiserId: actor.organiserId,
    ...filter,
    ...(actor.unitId ? { unitId: actor.unitId } : {}),
  });
  if (points.length === 0) throw new AppError('not_found');
  const version = await currentQrKeyVersion(deps.db, actor.organiserId);
  if (version === undefined) throw new AppError('conflict');
  const key = qrKey(deps.secret, actor.organiserId, version);
  return points.map((p) => ({
    ...p,
    url: `${deps.config.publicOrigin}/r/${signWindowCode({ key, servicePointId: p.id, version })}`,
  }));
}

export async function windowQr(
  deps: AppDeps,
  actor: ScopedActor,
  servicePointId: string,
  format: 'svg' | 'png',
) {
  const [point] = await windowUrls(deps, actor, { servicePointId });
  const url = (point as { url: string }).url;
  // Medium error correction survives a scuffed or partly covered poster.
  return format === 'svg'
    ? await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    : await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 600 });
}

/** The rating address of each of a unit's windows as text, to copy into a site or a message. */
export async function ratingUrls(deps: AppDeps, actor: ScopedActor, unitId: string) {
  const points = await windowUrls(deps, actor, { unitId });
  return {
    urls: points.map((p) => ({
      servicePointId: p.id,
      unitName: p.unit_name,
      name: p.name,
      code: p.code,
      url: p.url,
    })),
  };
}

export async function posterPdf(
  deps: AppDeps,
  actor: ScopedActor,
  filter: { servicePointId?: string; unitId?: string },
) {
  const points = await windowUrls(deps, actor, filter);
  return renderPosters(
    await Promise.all(
      points.map(async (p) => ({
        unitName: p.unit_name,
        servicePointName: p.name,
        url: p.url,
        qrPng: await QRCode.toBuffer(p.url, {
          type: 'png',
          errorCorrectionLevel: 'M',
          margin: 1,
          width: 1000,
        }),
      })),
    ),
  );
}

export async function rotateQrKey(deps: AppDeps, actor: ScopedActor, requestId: string) {
  return deps.db.transaction().execute(async (trx) => {
    const version = await addQrKeyVersion(trx, actor.organiserId, deps.now());
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'qr_key.rotate',
      entity: 'qr_key_version',
      entityId: String(version),
      after: { version },
      requestId,
    });
    return { version };
  });
}

export async function revokeQrKey(deps: AppDeps, actor: ScopedActor, version: number, requestId: string) {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeQrKeyVersion(trx, actor.organiserId, version, deps.now())))
      throw new AppError('not_found');
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'qr_key.revoke',
      entity: 'qr_key_version',
      entityId: String(version),
      // The update only matches a live version, so it was not revoked before.
      before: { revoked: false },
      after: { revoked: true },
      requestId,
    });
  });
}
