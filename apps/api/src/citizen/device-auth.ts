// Window rating devices and queue systems authenticate with their API key in x-device-key.
import { findDeviceByKeyHash } from '@kaimen/db';
import { hashToken } from '@kaimen/domain';
import type { Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';

/** The device behind the request, undefined when none is claimed; a wrong key is a 401. */
export async function authenticateDevice(
  c: Context<AppEnv>,
): Promise<{ id: string; servicePointId: string } | undefined> {
  const key = c.req.header('x-device-key');
  if (key === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(key)) throw new AppError('unauthenticated');
  const device = await findDeviceByKeyHash(c.get('deps').db, hashToken(key));
  if (!device) throw new AppError('unauthenticated');
  return { id: device.id, servicePointId: device.service_point_id };
}
