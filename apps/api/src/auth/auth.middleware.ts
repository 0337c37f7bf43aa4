// Resolves the bearer session (staff) for every request; routes that need a signed-in
// user call requireStaff().
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { resolveStaffSession } from './auth.service.ts';

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{20,100})$/);
  return match?.[1];
}

export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c);
  if (token) {
    const userId = await resolveStaffSession(c.var.deps, token);
    if (userId) c.set('staffUserId', userId);
  }
  await next();
};

export function requireStaff(c: Context<AppEnv>): string {
  const id = c.var.staffUserId;
  if (!id) throw new AppError('unauthenticated');
  return id;
}
