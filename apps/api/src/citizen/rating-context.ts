// Resolves what a rating is for — a signed window code or a one-time visit token — into its
// service point's context, refusing tampered, revoked, unknown, used and expired codes.
import type { RatingFormResponse } from '@kaimen/contracts';
import {
  findVisitToken,
  isQrKeyVersionActive,
  loadServicePointContext,
  loadWorkingCalendar,
  type ServicePointContext,
} from '@kaimen/db';
import {
  addWorkingDays,
  hashToken,
  issueFormToken,
  issueRaterId,
  parseWindowCode,
  verifyRaterId,
  verifyWindowCode,
  type WorkingCalendar,
} from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { formKey, qrKey } from './keys.ts';
import { TtlCache } from './ttl-cache.ts';

interface Caches {
  context: TtlCache<ServicePointContext | undefined>;
  calendar: TtlCache<WorkingCalendar>;
  keyVersion: TtlCache<boolean>;
  /** Window codes whose signature checked out (a poster's code never changes; revocation is keyVersion's). */
  signedCodes: Set<string>;
}
const MAX_SIGNED_CODES = 10_000;
const caches = new WeakMap<AppDeps, Caches>();
function cachesFor(deps: AppDeps): Caches {
  let c = caches.get(deps);
  if (!c) {
    c = {
      context: new TtlCache(30_000),
      calendar: new TtlCache(60_000),
      keyVersion: new TtlCache(30_000),
      signedCodes: new Set(),
    };
    caches.set(deps, c);
  }
  return c;
}

/** The calendar day in China (UTC+8, no daylight saving), where every case deadline lives. */
export const chinaDay = (now: Date): string =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function servicePointContext(deps: AppDeps, servicePointId: string, now: Date) {
  const today = chinaDay(now);
  return cachesFor(deps).context.get(`${servicePointId}:${today}`, now.getTime(), () =>
    loadServicePointContext(deps.db, servicePointId, today),
  );
}

/** Drops a window's cached context (a pause or resume must show at once). */
export function forgetServicePointContext(deps: AppDeps, servicePointId: string, now: Date): void {
  cachesFor(deps).context.delete(`${servicePointId}:${chinaDay(now)}`);
}

export async function workingCalendar(deps: AppDeps, organiserId: string, now: Date) {
  return cachesFor(deps).calendar.get(organiserId, now.getTime(), () =>
    loadWorkingCalendar(deps.db, organiserId),
  );
}

// Every negative rating of a day gets the same deadline: count the working days once per
// calendar (a reloaded calendar is a new object, so an edited calendar is never answered stale).
const deadlines = new WeakMap<WorkingCalendar, Map<string, string>>();

/** The case deadline for a rating made now: `workingDays` working days after today in China. */
export async function caseDeadline(deps: AppDeps, organiserId: string, now: Date, workingDays: number) {
  const calendar = await workingCalendar(deps, organiserId, now);
  let memo = deadlines.get(calendar);
  if (!memo) {
    memo = new Map();
    deadlines.set(calendar, memo);
  }
  const today = chinaDay(now);
  const key = `${today}+${workingDays}`;
  let due = memo.get(key);
  if (due === undefined) {
    due = addWorkingDays(today, workingDays, calendar);
    memo.set(key, due);
  }
  return due;
}

export async function resolveWindowCode(
  deps: AppDeps,
  code: string,
  now: Date,
): Promise<ServicePointContext> {
  const parsed = parseWindowCode(code);
  if (!parsed) throw new AppError('rating_code_invalid');
  const ctx = await servicePointContext(deps, parsed.servicePointId, now);
  if (!ctx) throw new AppError('rating_code_invalid');
  const active = await cachesFor(deps).keyVersion.get(
    `${ctx.organiser_id}:${parsed.version}`,
    now.getTime(),
    () => isQrKeyVersionActive(deps.db, ctx.organiser_id, parsed.version),
  );
  if (!active) throw new AppError('rating_code_invalid');
  const { signedCodes } = cachesFor(deps);
  const signed = `${ctx.organiser_id}:${code}`;
  if (!signedCodes.has(signed)) {
    if (!verifyWindowCode(parsed, qrKey(deps.secret, ctx.organiser_id, parsed.version))) {
      throw new AppError('rating_code_invalid');
    }
    if (signedCodes.size >= MAX_SIGNED_CODES) signedCodes.clear();
    signedCodes.add(signed);
  }
  return ctx;
}

/** Checks a visit token without consuming it (opening the page must not use it up). */
export async function resolveVisitToken(deps: AppDeps, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new AppError('rating_code_invalid');
  const visit = await findVisitToken(deps.db, hashToken(token));
  if (!visit) throw new AppError('rating_code_invalid');
  if (visit.consumed_at) throw new AppError('visit_token_used');
  if (visit.expires_at <= now) throw new AppError('visit_token_expired');
  const ctx = await servicePointContext(deps, visit.service_point_id, now);
  if (!ctx) throw new AppError('rating_code_invalid');
  return ctx;
}

export function requireOpenCycle(ctx: ServicePointContext) {
  if (!ctx.cycle_id || !ctx.cycle_name) throw new AppError('no_open_cycle');
  return { id: ctx.cycle_id, name: ctx.cycle_name };
}

/** QR rating is paused at a window under attack; verified ratings (visit codes, devices) go on. */
export function requireNotPaused(ctx: ServicePointContext) {
  if (ctx.rating_paused_at) throw new AppError('service_point_paused');
}

export async function getRatingForm(
  deps: AppDeps,
  query: { code?: string | undefined; visit?: string | undefined },
  raterId: string | undefined,
): Promise<RatingFormResponse> {
  const now = deps.now();
  const ctx = query.code
    ? await resolveWindowCode(deps, query.code, now)
    : await resolveVisitToken(deps, query.visit ?? '', now);
  if (query.code) requireNotPaused(ctx);
  const cycle = requireOpenCycle(ctx);
  const key = formKey(deps.secret);
  return {
    servicePoint: { id: ctx.service_point_id, name: ctx.service_point_name },
    unit: { id: ctx.unit_id, name: ctx.unit_name },
    cycle,
    aspects: ctx.aspects.map((a) => ({ code: a.code, name: a.name, nameEn: a.name_en })),
    verified: query.visit !== undefined,
    formToken: issueFormToken(key, ctx.service_point_id, now),
    raterId: raterId && verifyRaterId(key, raterId) ? raterId : issueRaterId(key),
  };
}
