// The one access-control check every protected route calls: who is asking, and may they?
// Data scoping (organiser, unit) is then applied by the repositories with the returned actor.
import { type Actor, loadActor } from '@kaimen/db';
import type { Role } from '@kaimen/domain';
import type { Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';

export async function authorize(
  c: Context<AppEnv>,
  roles: readonly Role[],
): Promise<Actor & { organiserId: string }> {
  const userId = c.var.staffUserId;
  if (!userId) throw new AppError('unauthenticated');
  const actor = await loadActor(c.var.deps.db, userId);
  if (!actor) throw new AppError('unauthenticated');
  if (!actor.roles.some((r) => roles.includes(r)) || actor.organiserId === null)
    throw new AppError('forbidden');
  return actor as Actor & { organiserId: string };
}

export const ORGANISER_ROLES = ['organiser_admin', 'organiser_staff'] as const satisfies readonly Role[];
