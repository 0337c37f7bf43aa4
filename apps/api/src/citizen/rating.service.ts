// Taking a citizen rating: idempotent, limited per browser and per network in PostgreSQL (so
// every API instance agrees), suspicious ones quarantined, negative ones with a comment turned
// into a case with a working-day deadline. Success is answered only after COMMIT.
import type { SubmitRatingRequest, SubmitRatingResponse } from '@kaimen/contracts';
import {
  bumpCounters,
  type CounterBump,
  consumeVisitToken,
  findRatingByIdempotencyKey,
  insertCitizenRating,
  type ServicePointContext,
} from '@kaimen/db';
import {
  addWorkingDays,
  answerFingerprint,
  encryptPersonal,
  formFillSeconds,
  hashToken,
  quarantineReasons,
} from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { bucketHash, formKey, personalKey } from './keys.ts';
import {
  chinaDay,
  requireOpenCycle,
  resolveVisitToken,
  resolveWindowCode,
  workingCalendar,
} from './rating-context.ts';

const MINUTE = 60_000;
const floorTo = (now: Date, ms: number) => new Date(Math.floor(now.getTime() / ms) * ms);

export interface RatingClient {
  ip: string;
}

export async function submitRating(
  deps: AppDeps,
  req: SubmitRatingRequest,
  client: RatingClient,
): Promise<SubmitRatingResponse> {
  const existing = await findRatingByIdempotencyKey(deps.db, req.idempotencyKey);
  if (existing) return answer(existing);

  const now = deps.now();
  const verified = req.visitToken !== undefined;
  const ctx = verified
    ? await resolveVisitToken(deps, req.visitToken as string, now)
    : await resolveWindowCode(deps, req.windowCode as string, now);
  const cycle = requireOpenCycle(ctx);
  checkAspects(ctx, req.aspects);

  const comment = req.comment ? req.comment : null;
  const reasons = await checkLimitsAndSignals(deps, ctx, req, client, comment, now, verified);

  const negative = req.overall <= 2;
  const policy = (ctx.policy ?? {}) as { caseDueWorkingDays?: number };
  const caseDueOn =
    negative && comment
      ? addWorkingDays(
          chinaDay(now),
          policy.caseDueWorkingDays ?? 10,
          await workingCalendar(deps, ctx.organiser_id, now),
        )
      : null;
  // A phone number is kept only for a dissatisfied rating, with consent; never otherwise.
  const phoneEncrypted =
    negative && req.callback ? encryptPersonal(personalKey(deps.secret), req.callback.phone) : null;

  const stored = await deps.db.transaction().execute(async (trx) => {
    let visitTokenId: string | null = null;
    let deviceId: string | null = null;
    if (verified) {
      const visit = await consumeVisitToken(trx, hashToken(req.visitToken as string), now);
      // Lost the race for this token to another submission.
      if (!visit) throw new AppError('visit_token_used');
      visitTokenId = visit.id;
      deviceId = visit.device_id;
    }
    return insertCitizenRating(trx, {
      cycleId: cycle.id,
      unitId: ctx.unit_id,
      servicePointId: ctx.service_point_id,
      source: verified ? 'visit_qr' : 'window_qr',
      verified,
      visitTokenId,
      deviceId,
      overall: req.overall,
      aspects: req.aspects,
      comment,
      quarantineReason: reasons.length > 0 ? reasons.join(',') : null,
      idempotencyKey: req.idempotencyKey,
      caseDueOn,
      phoneEncrypted,
      now,
    });
  });
  if (stored) return { ratingId: String(stored.id), verified, caseOpened: stored.caseOpened };
  // Another request with the same key committed first: answer what it stored.
  const winner = await findRatingByIdempotencyKey(deps.db, req.idempotencyKey);
  if (!winner) throw new Error('idempotency conflict without a stored rating');
  return answer(winner);
}

function answer(r: { id: number; verified: boolean; case_id: string | null }): SubmitRatingResponse {
  return { ratingId: String(r.id), verified: r.verified, caseOpened: r.case_id !== null };
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

async function checkLimitsAndSignals(
  deps: AppDeps,
  ctx: ServicePointContext,
  req: SubmitRatingRequest,
  client: RatingClient,
  comment: string | null,
  now: Date,
  verified: boolean,
) {
  const { config, secret } = deps;
  const sp = ctx.service_point_id;
  const minute = floorTo(now, MINUTE);
  const buckets = {
    ip: `ip:${sp}:${bucketHash(secret, client.ip)}`,
    burst: `sp:${sp}`,
    identical: `ans:${sp}:${bucketHash(secret, answerFingerprint(req.overall, req.aspects, comment))}`,
    rater: req.raterId ? `rater:${sp}:${bucketHash(secret, req.raterId)}` : undefined,
  };
  const bumps: CounterBump[] = [
    { bucket: buckets.ip, windowStart: minute },
    { bucket: buckets.burst, windowStart: minute },
    { bucket: buckets.identical, windowStart: floorTo(now, 10 * MINUTE) },
  ];
  // A one-time visit code is its own limit; the daily per-browser limit is for window codes.
  if (buckets.rater && !verified) {
    bumps.push({ bucket: buckets.rater, windowStart: new Date(`${chinaDay(now)}T00:00:00+08:00`) });
  }
  const hits = await bumpCounters(deps.db, bumps);
  if ((hits.get(buckets.ip) ?? 0) > config.RATING_IP_CEILING_PER_MINUTE)
    throw new AppError('rating_ip_ceiling');
  if (buckets.rater && (hits.get(buckets.rater) ?? 0) > config.RATING_DAILY_LIMIT_PER_RATER) {
    throw new AppError('rating_daily_limit');
  }
  // A window-code submission without a valid form token did not come through the form.
  const fill = formFillSeconds(formKey(secret), req.formToken, ctx.service_point_id, now);
  return quarantineReasons(
    {
      fillSeconds: fill ?? (verified ? undefined : 0),
      honeypotFilled: (req.website ?? '').trim() !== '',
      servicePointPerMinute: hits.get(buckets.burst) ?? 0,
      identicalAnswers: hits.get(buckets.identical) ?? 0,
    },
    {
      minFillSeconds: config.RATING_MIN_FILL_SECONDS,
      burstPerMinute: config.RATING_BURST_PER_MINUTE,
      identicalPer10Minutes: config.RATING_IDENTICAL_PER_10_MINUTES,
    },
  );
}
