// The held ratings one at a time: a filtered, paged list with scrubbed comments, and one decision
// with one reason for many (ticked, or all matching the filter), audited per rating.
import type { QuarantineBulkDecision, QuarantineListQuery, QuarantineListResponse } from '@kaimen/contracts';
import { type Actor, decideHeldRatings, listHeldRatings } from '@kaimen/db';
import { scrubbedOrNull } from '../comments/comment-scrubber.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

type ScopedActor = Actor & { organiserId: string };

export async function heldRatingsPage(
  deps: AppDeps,
  actor: ScopedActor,
  query: QuarantineListQuery,
): Promise<QuarantineListResponse> {
  const { rows, total, page, asOfId } = await listHeldRatings(deps.db, {
    organiserId: actor.organiserId,
    ...query,
  });
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      createdAt: r.created_at.toISOString(),
      overall: r.overall,
      // The quarantine queue is the organiser's: the comment is never shown as written.
      comment: scrubbedOrNull(r.comment),
      reason: r.quarantine_reason,
      unit: r.unit_name,
      unitId: r.unit_id,
      servicePoint: r.service_point_name,
    })),
    total,
    page,
    pageSize: query.pageSize,
    asOfId,
  };
}

export async function decideHeld(
  deps: AppDeps,
  actor: ScopedActor,
  body: QuarantineBulkDecision,
  requestId: string,
): Promise<number> {
  const state = body.decision === 'release' ? 'released' : 'rejected';
  return deps.db.transaction().execute(async (trx) => {
    const ratingIds = body.ratingIds ? [...new Set(body.ratingIds)] : undefined;
    const decided = await decideHeldRatings(trx, {
      target: ratingIds ? { ratingIds } : { organiserId: actor.organiserId, ...body.all! },
      organiserId: actor.organiserId,
      decision: state,
      reason: body.reason,
      // The same action as deciding one rating: the log reads alike however it was decided.
      audit: { actorId: actor.userId, action: `rating.quarantine_${body.decision}`, requestId },
    });
    // Ticked ratings are decided all or none: one decided meanwhile (another tab, a colleague)
    // or not this organiser's means the list was stale, so nothing changes.
    if (ratingIds && decided !== ratingIds.length) throw new AppError('conflict');
    if (decided === 0) throw new AppError('conflict');
    return decided;
  });
}
