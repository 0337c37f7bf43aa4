// Resolves the bearer session (a staff member's, or an invited evaluator's) for every request;
// routes that need a signed-in user call requireStaff() or authorize(), panel routes requireEvaluator().
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { resolveSession } from './auth.service.ts';

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{20,100})$/);
  return match?.[1];
}

export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c);
  if (token) {
    const { staffUserId, invitationId } = await resolveSession(c.var.deps, token);
    if (staffUserId) c.set('staffUserId', staffUserId);
    if (invitationId) c.set('invitationId', invitationId);
  }
  await next();
};

export function requireStaff(c: Context<AppEnv>): string {
  const id = c.var.staffUserId;
  if (!id) throw new AppError('unauthenticated');
  return id;
}
