// Taking a citizen rating. Each request is prepared on its own (code checked, answers
// validated, deadline computed, phone encrypted: CPU and cached lookups only), then written
// by the batcher together with whatever other ratings arrived meanwhile. The answer is sent
// only after that batch's COMMIT.
import type { SubmitRatingRequest, SubmitRatingResponse } from '@kaimen/contracts';
import type { ServicePointContext } from '@kaimen/db';
import { answerFingerprint, encryptPersonal, formFillSeconds, hashToken } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { addressHash, bucketHash, formKey, personalKey } from './keys.ts';
import { batcherFor, type PreparedRating } from './rating-batcher.ts';
import {
  caseDeadline,
  chinaDay,
  requireOpenCycle,
  resolveVisitToken,
  resolveWindowCode,
} from './rating-context.ts';

const MINUTE = 60_000;
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
  const verified = req.visitToken !== undefined;
  const ctx = verified
    ? await resolveVisitToken(deps, req.visitToken as string, now)
    : await resolveWindowCode(deps, req.windowCode as string, now);
  // A device rates only its own window.
  if (client.device && client.device.servicePointId !== ctx.service_point_id) throw new AppError('forbidden');
  const cycle = requireOpenCycle(ctx);
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
  const counters: PreparedRating['counters'] = [
    { role: 'ip', bucket: `ip:${sp}:${addressHash(secret, client.ip)}`, windowStart: minute },
    { role: 'burst', bucket: `sp:${sp}`, windowStart: minute },
    {
      role: 'identical',
      bucket: `ans:${sp}:${bucketHash(secret, answerFingerprint(req.overall, req.aspects, comment))}`,
      windowStart: floorTo(now, 10 * MINUTE),
    },
  ];
  // A one-time visit code is its own limit; the daily per-browser limit is for window codes.
  if (req.raterId && !verified) {
    counters.push({
      role: 'rater',
      bucket: `rater:${sp}:${bucketHash(secret, req.raterId)}`,
      windowStart: new Date(`${chinaDay(now)}T00:00:00+08:00`),
    });
  }
  // A window-code submission without a valid form token did not come through the form.
  const fill = formFillSeconds(formKey(secret), req.formToken, sp, now);
  return {
    rating: {
      cycleId: cycle.id,
      unitId: ctx.unit_id,
      servicePointId: sp,
      source: verified ? 'visit_qr' : client.device ? 'device' : 'window_qr',
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
      now,
    },
    visitTokenHash: verified ? hashToken(req.visitToken as string) : null,
    counters,
    signals: {
      // A device has no web form to time; a browser without a valid form token gets 0.
      fillSeconds: fill ?? (verified || client.device ? undefined : 0),
      honeypotFilled: (req.website ?? '').trim() !== '',
    },
    limits: {
      ipPerMinute: config.RATING_IP_CEILING_PER_MINUTE,
      raterPerDay: config.RATING_DAILY_LIMIT_PER_RATER,
      minFillSeconds: config.RATING_MIN_FILL_SECONDS,
      burstPerMinute: config.RATING_BURST_PER_MINUTE,
      identicalPer10Minutes: config.RATING_IDENTICAL_PER_10_MINUTES,
    },
  };
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
