// The organiser's quarantine work: batches of held ratings decided in one action (audited once
// with the ids), the window bound that explains each window's batches, windows whose share of
// held ratings jumped, and pausing QR rating at a window under attack.
import type {
  QuarantineBatchDecision,
  QuarantineBatchesResponse,
  WindowAlertsResponse,
  WindowBoundView,
} from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  decideQuarantineBatch,
  heldReasonCounts,
  listQuarantineBatches,
  setRatingPause,
  windowHoldRates,
} from '@kaimen/db';
import { forgetServicePointContext, servicePointContext } from '../citizen/rating-context.ts';
import { windowBoundFor } from '../citizen/window-bound.ts';
import { scrubCommentText } from '../comments/comment-scrubber.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type ScopedActor = Actor & { organiserId: string };
const HOUR = 3_600_000;
/** Alerts compare the last day with the four weeks before it. */
const RECENT_HOURS = 24;
const BASE_DAYS = 28;
/** A window is flagged from this many held ratings in the last day… */
const MIN_HELD = 5;

export async function windowBoundView(
  deps: AppDeps,
  servicePointId: string,
  now: Date,
): Promise<WindowBoundView | undefined> {
  const ctx = await servicePointContext(deps, servicePointId, now);
  if (!ctx) return undefined;
  const { policy, expected, bounds } = await windowBoundFor(deps, ctx, now);
  return {
    expectedPerDay: Math.round(expected.perDay * 10) / 10,
    expectedPerHour: Math.round(expected.perHour * 10) / 10,
    basis: expected.basis,
    ...bounds,
    multiple: policy.multiple,
    historyDays: policy.historyDays,
    addressShare: policy.addressShare,
    noCookieShare: policy.noCookieShare,
  };
}

export async function quarantineBatches(
  deps: AppDeps,
  actor: ScopedActor,
): Promise<QuarantineBatchesResponse> {
  const rows = await listQuarantineBatches(deps.db, actor.organiserId, 200);
  const now = deps.now();
  const bounds: QuarantineBatchesResponse['bounds'] = {};
  for (const id of new Set(rows.map((r) => r.service_point_id))) {
    const view = await windowBoundView(deps, id, now);
    if (view) bounds[id] = view;
  }
  const { config } = deps;
  return {
    batches: rows.map((r) => ({
      servicePointId: r.service_point_id,
      servicePoint: r.service_point_name,
      unit: r.unit_name,
      paused: r.rating_paused_at !== null,
      day: r.day,
      reason: r.quarantine_reason ?? '',
      count: r.n,
      firstAt: new Date(r.first_at).toISOString(),
      lastAt: new Date(r.last_at).toISOString(),
      meanOverall: Number(r.mean_overall),
      // Sample comments are the organiser's to read, so scrubbed like every list.
      comments: r.comments.map((text) => scrubCommentText(text).text),
    })),
    bounds,
    thresholds: {
      minFillSeconds: config.RATING_MIN_FILL_SECONDS,
      burstPerMinute: config.RATING_BURST_PER_MINUTE,
      identicalPer10Minutes: config.RATING_IDENTICAL_PER_10_MINUTES,
      formTokenMinutes: config.RATING_FORM_TOKEN_MINUTES,
    },
  };
}

export async function decideBatch(
  deps: AppDeps,
  actor: ScopedActor,
  decision: QuarantineBatchDecision,
  requestId: string,
): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const state = decision.decision === 'release' ? 'released' : 'rejected';
    const ids = await decideQuarantineBatch(trx, {
      organiserId: actor.organiserId,
      servicePointId: decision.servicePointId,
      day: decision.day,
      reason: decision.reason,
      decision: state,
    });
    if (ids.length === 0) throw new AppError('not_found');
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: `rating.quarantine_batch_${decision.decision}`,
      entity: 'service_point',
      entityId: decision.servicePointId,
      before: { quarantine_state: 'quarantined', reason: decision.reason, day: decision.day },
      after: { quarantine_state: state, note: decision.note, count: ids.length, rating_ids: ids },
      requestId,
    });
    return ids.length;
  });
}

/** Windows whose share of held ratings in the last day jumped against the four weeks before. */
export async function windowAlerts(deps: AppDeps, actor: ScopedActor): Promise<WindowAlertsResponse> {
  const now = deps.now();
  const recentFrom = new Date(now.getTime() - RECENT_HOURS * HOUR);
  const rows = await windowHoldRates(deps.db, {
    organiserId: actor.organiserId,
    baseFrom: new Date(recentFrom.getTime() - BASE_DAYS * 24 * HOUR),
    recentFrom,
  });
  const share = (held: number, total: number) => (total === 0 ? 0 : held / total);
  const flagged = rows.filter((r) => {
    if (r.rating_paused_at) return true;
    const recent = share(r.recent_held, r.recent_total);
    const base = share(r.base_held, r.base_total);
    return r.recent_held >= MIN_HELD && recent >= Math.max(2 * base, base + 0.2);
  });
  const reasons = await heldReasonCounts(deps.db, {
    organiserId: actor.organiserId,
    from: recentFrom,
    servicePointIds: flagged.map((r) => r.service_point_id),
  });
  return {
    recentHours: RECENT_HOURS,
    windows: flagged
      .map((r) => ({
        servicePointId: r.service_point_id,
        servicePoint: r.service_point_name,
        unit: r.unit_name,
        paused: r.rating_paused_at !== null,
        recentTotal: r.recent_total,
        recentHeld: r.recent_held,
        recentRejected: r.recent_rejected,
        recentShare: share(r.recent_held, r.recent_total),
        baseShare: share(r.base_held, r.base_total),
        reasons: Object.fromEntries(
          reasons.filter((x) => x.service_point_id === r.service_point_id).map((x) => [x.reason, x.n]),
        ),
      }))
      .sort((a, b) => b.recentHeld - a.recentHeld),
  };
}

export async function pauseRating(
  deps: AppDeps,
  actor: ScopedActor,
  servicePointId: string,
  reason: string | null,
  requestId: string,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await setRatingPause(trx, {
      organiserId: actor.organiserId,
      servicePointId,
      now: deps.now(),
      reason,
    });
    if (!before) throw new AppError('not_found');
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: reason === null ? 'service_point.rating_resume' : 'service_point.rating_pause',
      entity: 'service_point',
      entityId: servicePointId,
      before: { paused: before.rating_paused_at !== null, reason: before.rating_paused_reason },
      after: { paused: reason !== null, reason },
      requestId,
    });
  });
  // This instance shows the notice at once; others within their context cache's 30 s.
  forgetServicePointContext(deps, servicePointId, deps.now());
}
