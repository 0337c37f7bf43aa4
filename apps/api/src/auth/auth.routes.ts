import { signInRequestSchema, totpCodeSchema } from '@kaimen/contracts';
import { getStaffIdentity } from '@kaimen/db';
import { ROLES } from '@kaimen/domain';
import { Hono } from 'hono';
import { authorize } from '../access/authorize.ts';
import { clientIp } from '../citizen/client-ip.ts';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { readJson, readNoBody } from '../validation.ts';
import { bearerToken, requireStaff } from './auth.middleware.ts';
import { signIn, signOut } from './auth.service.ts';
import { disableTotp, enableTotp, startTotpSetup } from './totp.service.ts';

export const authRoutes = new Hono<AppEnv>()
  .post('/sign-in', async (c) => {
    const request = await readJson(c, signInRequestSchema);
    const ip = clientIp(c, c.var.deps);
    c.header('Cache-Control', 'no-store');
    return c.json(await signIn(c.var.deps, request, ip));
  })
  .post('/sign-out', async (c) => {
    await readNoBody(c);
    const token = bearerToken(c);
    if (token) await signOut(c.var.deps, token);
    return c.body(null, 204);
  })
  .get('/me', async (c) => {
    const identity = await getStaffIdentity(c.var.deps.db, requireStaff(c));
    if (!identity) throw new AppError('unauthenticated');
    return c.json(identity);
  })
  .post('/totp/setup', async (c) => {
    const actor = await authorize(c, ROLES);
    await readNoBody(c);
    c.header('Cache-Control', 'no-store');
    return c.json(await startTotpSetup(c.var.deps, actor, c.var.requestId), 201);
  })
  .post('/totp/enable', async (c) => {
    const actor = await authorize(c, ROLES);
    const { code } = await readJson(c, totpCodeSchema);
    await enableTotp(c.var.deps, actor, code, c.var.requestId);
    return c.body(null, 204);
  })
  .post('/totp/disable', async (c) => {
    const actor = await authorize(c, ROLES);
    const { code } = await readJson(c, totpCodeSchema);
    await disableTotp(c.var.deps, actor, code, c.var.requestId);
    return c.body(null, 204);
  });
