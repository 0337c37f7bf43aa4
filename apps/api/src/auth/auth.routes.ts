import { signInRequestSchema } from '@kaimen/contracts';
import { getStaffIdentity } from '@kaimen/db';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { readJson } from '../validation.ts';
import { bearerToken, requireStaff } from './auth.middleware.ts';
import { signIn, signOut } from './auth.service.ts';

export const authRoutes = new Hono<AppEnv>()
  .post('/sign-in', async (c) => {
    const request = await readJson(c, signInRequestSchema);
    return c.json(await signIn(c.var.deps, request));
  })
  .post('/sign-out', async (c) => {
    const token = bearerToken(c);
    if (token) await signOut(c.var.deps, token);
    return c.body(null, 204);
  })
  .get('/me', async (c) => {
    const identity = await getStaffIdentity(c.var.deps.db, requireStaff(c));
    if (!identity) throw new AppError('unauthenticated');
    return c.json(identity);
  });
