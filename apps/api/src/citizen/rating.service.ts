// Taking a citizen rating. Each request is prepared on its own (code checked, answers
// validated, deadline computed, phone encrypted: CPU and cached lookups only), then written
// by the batcher together with whatever other ratings arrived meanwhile. The answer is sent
// only after that batch's COMMIT.
import type { SubmitRatingRequest, SubmitRatingResponse } from '@kaimen/contracts';
import { findVisitTokenById, type ServicePointContext } from '@kaimen/db';
import { answerFingerprint, encryptPersonal, hashToken, readFormToken, verifyRaterId } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { addressHash, bucketHash, formKey, personalKey } from './keys.ts';
import { batcherFor, type PreparedRating } from './rating-batcher.ts';
import {
  caseDeadline,
  chinaDay,
  requireNotPaused,
  requireOpenCycle,
  resolveVisitToken,
  resolveWindowCode,
} from './rating-context.ts';
import { chinaMidnight, windowBoundFor } from './window-bound.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far back a device may date a rating from its offline queue. */
const DEVICE_QUEUE_DAYS = 7;
const floorTo = (now: Date, ms: number) => new Date(Math.floor(now.getTime() / ms) * ms);

export interface RatingClient {
  ip: string;
  /** A window rating device that authenticated with its key (x-device-key). */
  device?: { id: string; servicePointId: string };
}

export async function submitRating(
  deps: AppDeps,
  req: SubmitRatingRequest,
  client: RatingClient,
): Promise<SubmitRatingResponse> {
  const prepared = await prepareRating(deps, req, client);
  return batcherFor(deps).submit(prepared);
}

async function prepareRating(
  deps: AppDeps,
  req: SubmitRatingRequest,
  client: RatingClient,
): Promise<PreparedRating> {
  const now = deps.now();
  const byVisit = req.visitToken !== undefined;
  const ctx = byVisit
    ? await resolveVisitToken(deps, req.visitToken as string, now)
    : await resolveWindowCode(deps, req.windowCode as string, now);
  // A device rates only its own window.
  if (client.device && client.device.servicePointId !== ctx.service_point_id) throw new AppError('forbidden');
  const cycle = requireOpenCycle(ctx);
  // A device rating the queue system's visit uses up that visit's code, as the phone would; a
  // visit that expired or was used meanwhile (a long offline queue) still leaves a device rating.
  const deviceVisit = await openVisitOfDevice(deps, req.visitId, client, ctx.service_point_id, now);
  const source = byVisit || deviceVisit ? 'visit_qr' : client.device ? 'device' : 'window_qr';
  if (source === 'window_qr') requireNotPaused(ctx);
  // A rating made at the window's own device is tied to a service at that window: verified.
  const verified = source !== 'window_qr';
  const ratedAt = deviceRatedAt(req.ratedAt, client, now);
  checkAspects(ctx, req.aspects);

  const comment = req.comment ? req.comment : null;
  const negative = req.overall <= 2;
  const policy = (ctx.policy ?? {}) as { caseDueWorkingDays?: number };
  const caseDueOn =
    negative && comment
      ? await caseDeadline(deps, ctx.organiser_id, now, policy.caseDueWorkingDays ?? 10)
      : null;
  // A phone number is kept only for a dissatisfied rating, with consent; never otherwise.
  const phoneEncrypted =
    negative && req.callback ? encryptPersonal(personalKey(deps.secret), req.callback.phone) : null;

  const { config, secret } = deps;
  const sp = ctx.service_point_id;
  const minute = floorTo(now, MINUTE);
  // A form token is taken once and only while fresh: a client cannot replay one page render to
  // skip the fill time, nor keep a stock of them.
  const form = readFormToken(formKey(secret), req.formToken, sp);
  if (form && now.getTime() - form.issuedAt.getTime() > config.RATING_FORM_TOKEN_MINUTES * MINUTE)
    throw new AppError('form_token_expired');
  const counters: PreparedRating['counters'] = [
    { role: 'ip', bucket: `ip:${sp}:${addressHash(secret, client.ip)}`, windowStart: minute },
    { role: 'burst', bucket: `sp:${sp}`, windowStart: minute },
    {
      role: 'identical',
      bucket: `ans:${sp}:${bucketHash(secret, answerFingerprint(req.overall, req.aspects, comment))}`,
      windowStart: floorTo(now, 10 * MINUTE),
    },
  ];
  if (form && req.formToken) {
    counters.push({
      role: 'form',
      bucket: `form:${bucketHash(secret, req.formToken)}`,
      windowStart: form.issuedAt,
    });
  }
  // A rater id the API did not sign is no cookie at all: the stricter bound.
  const hasCookie = verifyRaterId(formKey(secret), req.raterId);
  const today = chinaMidnight(chinaDay(now));
  // A one-time visit code is its own limit; the daily per-browser limit is for window codes.
  if (hasCookie && source === 'window_qr') {
    counters.push({
      role: 'rater',
      bucket: `rater:${sp}:${bucketHash(secret, req.raterId as string)}`,
      windowStart: today,
    });
  }
  // The window bound holds window-QR ratings only: the others are tied to a visit or a device.
  let windowBound: PreparedRating['limits']['windowBound'] = null;
  if (source === 'window_qr') {
    windowBound = (await windowBoundFor(deps, ctx, now)).bounds;
    const hour = floorTo(now, 60 * MINUTE);
    const hourBefore = new Date(hour.getTime() - 60 * MINUTE);
    const address = addressHash(secret, client.ip);
    counters.push(
      // The hour before is read too (bumped by nothing): the bound slides with the clock, so a
      // script cannot take one hour's share at :59 and the next hour's at :00.
      { role: 'boundHour', bucket: `wb:${sp}`, windowStart: hour },
      { role: 'boundHourBefore', bucket: `wb:${sp}`, windowStart: hourBefore },
      { role: 'boundDay', bucket: `wb:${sp}`, windowStart: today },
      { role: 'boundAddressHour', bucket: `wba:${sp}:${address}`, windowStart: hour },
      { role: 'boundAddressHourBefore', bucket: `wba:${sp}:${address}`, windowStart: hourBefore },
      { role: 'boundAddressDay', bucket: `wba:${sp}:${address}`, windowStart: today },
    );
    if (!hasCookie) {
      counters.push(
        { role: 'boundNoCookieHour', bucket: `wbn:${sp}`, windowStart: hour },
        { role: 'boundNoCookieHourBefore', bucket: `wbn:${sp}`, windowStart: hourBefore },
        { role: 'boundNoCookieDay', bucket: `wbn:${sp}`, windowStart: today },
      );
    }
  }
  // A window-code submission without a valid form token did not come through the form.
  const fill = form ? (now.getTime() - form.issuedAt.getTime()) / 1000 : undefined;
  return {
    rating: {
      cycleId: cycle.id,
      unitId: ctx.unit_id,
      servicePointId: sp,
      source,
      verified,
      visitTokenId: null,
      deviceId: client.device?.id ?? null,
      overall: req.overall,
      aspects: req.aspects,
      comment,
      quarantineReason: null,
      idempotencyKey: req.idempotencyKey,
      caseDueOn,
      phoneEncrypted,
      now: ratedAt,
    },
    visitTokenHash: byVisit ? hashToken(req.visitToken as string) : (deviceVisit ?? null),
    counters,
    signals: {
      // A device has no web form to time; a browser without a valid form token gets 0.
      fillSeconds: fill ?? (source === 'window_qr' ? 0 : undefined),
      honeypotFilled: (req.website ?? '').trim() !== '',
    },
    limits: {
      ipPerMinute: config.RATING_IP_CEILING_PER_MINUTE,
      raterPerDay: config.RATING_DAILY_LIMIT_PER_RATER,
      minFillSeconds: config.RATING_MIN_FILL_SECONDS,
      burstPerMinute: config.RATING_BURST_PER_MINUTE,
      identicalPer10Minutes: config.RATING_IDENTICAL_PER_10_MINUTES,
      windowBound,
    },
  };
}

async function openVisitOfDevice(
  deps: AppDeps,
  visitId: string | undefined,
  client: RatingClient,
  servicePointId: string,
  now: Date,
): Promise<Uint8Array | undefined> {
  if (visitId === undefined) return undefined;
  if (!client.device) throw new AppError('forbidden');
  const visit = await findVisitTokenById(deps.db, visitId);
  if (!visit || visit.service_point_id !== servicePointId || visit.consumed_at || visit.expires_at <= now)
    return undefined;
  return visit.token_hash;
}

/** The time a device says its citizen tapped (its offline queue sends later); now for everyone else. */
function deviceRatedAt(ratedAt: string | undefined, client: RatingClient, now: Date): Date {
  if (ratedAt === undefined) return now;
  if (!client.device) throw new AppError('forbidden');
  const at = new Date(ratedAt);
  // A minute of clock skew is allowed; a week of queue is the most a hall stays offline.
  if (at.getTime() > now.getTime() + MINUTE || at.getTime() < now.getTime() - DEVICE_QUEUE_DAYS * DAY)
    throw new AppError('device_rating_time_invalid');
  return at;
}

function checkAspects(ctx: ServicePointContext, aspects: Record<string, number>): void {
  const known = new Set(ctx.aspects.map((a) => a.code));
  const unknown = Object.keys(aspects).filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', {
      issues: unknown.map((code) => ({
        path: `aspects.${code}`,
        message: `未知的评价项目 (unknown aspect): ${code}`,
      })),
    });
  }
}
