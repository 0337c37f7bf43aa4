// Signed window codes for every service point of a database, as printed posters would carry.

import type { Kysely } from 'kysely';
import type { DB } from '../../packages/db/src/schema.generated.ts';
import { deriveQrKey, signWindowCode } from '../../packages/domain/src/security/window-code.ts';

export async function windowCodes(db: Kysely<DB>, secretHex: string): Promise<string[]> {
  const secret = Buffer.from(secretHex, 'hex');
  const points = await db
    .selectFrom('service_point as sp')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .select(['sp.id', 'u.organiser_id'])
    .orderBy('sp.id')
    .execute();
  return points.map((p) =>
    signWindowCode({ key: deriveQrKey(secret, p.organiser_id, 1), servicePointId: p.id, version: 1 }),
  );
}
