// Who is reading as an assessment agency: a staff member of the agency (session) or one of its
// API keys (Authorization: Bearer ak_…), which is scoped to an organiser's cycles and expires.
import { DATA_USE_TERMS_VERSION } from '@kaimen/contracts';
import { findAgencyKeyByHash, hasAcceptedTerms, loadActor, touchAgencyKey } from '@kaimen/db';
import { hashToken } from '@kaimen/domain';
import type { Context } from 'hono';
import { bearerToken } from '../auth/auth.middleware.ts';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';

export interface AgencyCaller {
  agencyId: string;
  staffUserId: string | null;
  apiKeyId: string | null;
  /** Set for an API key: the only organiser and cycles it may read. */
  scope: { organiserId: string; cycleIds: string[] } | null;
}

export const API_KEY_PREFIX = 'ak_';

export async function agencyCaller(c: Context<AppEnv>, opts: { allowKey: boolean }): Promise<AgencyCaller> {
  const token = bearerToken(c);
  if (opts.allowKey && token?.startsWith(API_KEY_PREFIX)) {
    const key = await findAgencyKeyByHash(c.var.deps.db, hashToken(token));
    const now = c.var.deps.now();
    if (!key || key.revoked_at !== null || key.expires_at <= now) throw new AppError('api_key_invalid');
    await touchAgencyKey(c.var.deps.db, key.id, now);
    return {
      agencyId: key.agency_id,
      staffUserId: null,
      apiKeyId: key.id,
      scope: { organiserId: key.organiser_id, cycleIds: key.cycle_ids },
    };
  }
  const userId = c.var.staffUserId;
  if (!userId) throw new AppError('unauthenticated');
  const actor = await loadActor(c.var.deps.db, userId);
  if (!actor) throw new AppError('unauthenticated');
  if (actor.organisationKind !== 'assessment_agency' || !actor.roles.includes('agency_analyst'))
    throw new AppError('forbidden');
  return { agencyId: actor.organisationId, staffUserId: actor.userId, apiKeyId: null, scope: null };
}

export async function requireTermsAccepted(c: Context<AppEnv>, agencyId: string) {
  if (!(await hasAcceptedTerms(c.var.deps.db, agencyId, DATA_USE_TERMS_VERSION)))
    throw new AppError('terms_not_accepted');
}
