// 一次一评: a queue/ticket system or window screen asks for a one-time rating code per served
// visit, authenticated with its device API key.
import type { CreateVisitResponse } from '@kaimen/contracts';
import { insertVisitToken } from '@kaimen/db';
import { newToken } from '@kaimen/domain';
import { Hono } from 'hono';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { check, readNoBody } from '../validation.ts';
import { authenticateDevice } from './device-auth.ts';

const paramsSchema = z.object({ id: z.uuid() });

export const visitRoutes = new Hono<AppEnv>().post('/service-points/:id/visits', async (c) => {
  await readNoBody(c);
  const { id } = check(c, paramsSchema, c.req.param());
  const device = await authenticateDevice(c);
  if (!device) throw new AppError('unauthenticated');
  const { deps } = c.var;
  // A device may only issue codes for its own window.
  if (device.servicePointId !== id) throw new AppError('forbidden');
  const now = deps.now();
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + deps.config.VISIT_TOKEN_MINUTES * 60_000);
  await insertVisitToken(deps.db, {
    servicePointId: id,
    deviceId: device.id,
    tokenHash: hash,
    issuedAt: now,
    expiresAt,
  });
  const url = `${deps.config.publicOrigin}/r/v/${token}`;
  const body: CreateVisitResponse = {
    token,
    url,
    expiresAt: expiresAt.toISOString(),
    qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  };
  c.header('Cache-Control', 'no-store');
  return c.json(body, 201);
});
