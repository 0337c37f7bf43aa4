// Periodic housekeeping every API instance may run (each step is idempotent): erase callback
// phone numbers once their case has been closed for the retention period, forget sign-in
// attempts older than a day (only the throttling window needs them), forget rating limit
// counters whose window has long closed, forget one-time visit codes a week after they expired
// unused, and mark failed the dataset releases whose building process died (a crash or a
// restart mid-build). That last sweep also runs every minute on its own: an organiser whose
// build was cut off by a restart should see "failed, build again" within minutes, not after the
// next hourly round.
import {
  appendAudit,
  eraseExpiredPhones,
  failAbandonedBuilds,
  pruneExpiredVisitTokens,
  pruneRateLimitCounters,
  pruneSignInAttempts,
} from '@kaimen/db';
import type { AppDeps } from './deps.ts';

const DAY = 86_400_000;

export async function runMaintenance(deps: AppDeps): Promise<{
  phonesErased: number;
  signInAttemptsPruned: number;
  countersPruned: number;
  visitTokensPruned: number;
  releasesFailed: number;
}> {
  const now = deps.now();
  const phonesErased = await eraseExpiredPhones(deps.db, now, deps.config.PHONE_RETENTION_DAYS);
  const signInAttemptsPruned = await pruneSignInAttempts(deps.db, new Date(now.getTime() - DAY));
  // The longest limit window is one China calendar day, which began less than a day ago:
  // two days back leaves every open window's counter alone.
  const countersPruned = await pruneRateLimitCounters(deps.db, new Date(now.getTime() - 2 * DAY));
  // A queue system issues one code per served visit, and most are never scanned: kept, they would
  // grow the table (and its hash index, probed by every verified rating) with every visit ever.
  // For a week after expiry a late scan still hears "expired" rather than "invalid code".
  const visitTokensPruned = await pruneExpiredVisitTokens(deps.db, new Date(now.getTime() - 7 * DAY));
  const releasesFailed = await sweepAbandonedBuilds(deps);
  return { phonesErased, signInAttemptsPruned, countersPruned, visitTokensPruned, releasesFailed };
}

/** Marks failed, audited, the release builds whose process is gone; returns how many. */
export async function sweepAbandonedBuilds(deps: AppDeps): Promise<number> {
  // A live build holds its release row locked from its first moments, so the sweep skips it;
  // ten minutes cover the wait between storing a release and its build taking the lock.
  // One transaction: a release is never failed without its audit entry, nor audited twice.
  const before = new Date(deps.now().getTime() - 600_000);
  return deps.db.transaction().execute(async (trx) => {
    const abandoned = await failAbandonedBuilds(trx, before);
    for (const r of abandoned)
      await appendAudit(trx, {
        actorKind: 'system',
        actorId: null,
        organiserId: r.organiser_id,
        action: 'release.failed',
        entity: 'dataset_release',
        entityId: r.id,
        before: { status: 'building' },
        after: { status: 'failed', reason: 'the building process ended before the release was ready' },
      });
    return abandoned.length;
  });
}

/** Runs `job` unless its last run is still going: a slow round never piles up behind itself. */
function oneAtATime(job: () => Promise<unknown>) {
  let running: Promise<unknown> | null = null;
  return {
    run: () => {
      running ??= job().finally(() => {
        running = null;
      });
    },
    settled: async () => {
      await running;
    },
  };
}

/**
 * Starts the hourly round (and one now) and the per-minute build sweep. The returned stop clears
 * the timers and resolves once a round still running has finished, so a shutdown can close the
 * database after it.
 */
export function startMaintenance(
  deps: AppDeps,
  every = { maintenanceMs: 3_600_000, buildSweepMs: 60_000 },
): () => Promise<void> {
  const report = (error: unknown) => console.error('[api] maintenance failed', error);
  const round = oneAtATime(() => runMaintenance(deps).catch(report));
  const sweep = oneAtATime(() => sweepAbandonedBuilds(deps).catch(report));
  round.run();
  const timers = [setInterval(round.run, every.maintenanceMs), setInterval(sweep.run, every.buildSweepMs)];
  for (const timer of timers) timer.unref();
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all([round.settled(), sweep.settled()]);
  };
}
