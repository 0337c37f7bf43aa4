// The window rating device (评价器, the web app's /device page): what its window is, and the
// visits the queue system created there. Authenticated with the device key (x-device-key).
import { type DeviceContextResponse, nextVisitQuerySchema } from '@kaimen/contracts';
import { currentQrKeyVersion, findDevice, nextOpenVisit } from '@kaimen/db';
import { signWindowCode } from '@kaimen/domain';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { check } from '../validation.ts';
import { authenticateDevice } from './device-auth.ts';
import { qrKey } from './keys.ts';
import { servicePointContext } from './rating-context.ts';

export const deviceRoutes = new Hono<AppEnv>()
  .get('/device/context', async (c) => {
    const device = await authenticateDevice(c);
    if (!device) throw new AppError('unauthenticated');
    const { deps } = c.var;
    const now = deps.now();
    const [ctx, row] = await Promise.all([
      servicePointContext(deps, device.servicePointId, now),
      findDevice(deps.db, device.id),
    ]);
    if (!ctx || !row) throw new AppError('unauthenticated');
    const version = await currentQrKeyVersion(deps.db, ctx.organiser_id);
    if (version === undefined) throw new AppError('rating_code_invalid');
    const body: DeviceContextResponse = {
      device: { id: row.id, name: row.name },
      servicePoint: { id: ctx.service_point_id, name: ctx.service_point_name },
      unit: { name: ctx.unit_name },
      cycle: ctx.cycle_id && ctx.cycle_name ? { id: ctx.cycle_id, name: ctx.cycle_name } : null,
      aspects: ctx.aspects.map((a) => ({ code: a.code, name: a.name, nameEn: a.name_en })),
      windowCode: signWindowCode({
        key: qrKey(deps.secret, ctx.organiser_id, version),
        servicePointId: ctx.service_point_id,
        version,
      }),
      idleSeconds: deps.config.DEVICE_IDLE_SECONDS,
    };
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  })
  .get('/device/visits/next', async (c) => {
    const device = await authenticateDevice(c);
    if (!device) throw new AppError('unauthenticated');
    const { after } = check(c, nextVisitQuerySchema, c.req.query());
    const { deps } = c.var;
    const visit = await nextOpenVisit(deps.db, {
      servicePointId: device.servicePointId,
      after: new Date(after),
      now: deps.now(),
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ visit: visit ? { id: visit.id, issuedAt: visit.issued_at.toISOString() } : null });
  });
