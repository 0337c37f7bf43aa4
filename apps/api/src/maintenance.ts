// Periodic housekeeping every API instance may run (each step is idempotent): erase callback
// phone numbers once their case has been closed for the retention period, and forget sign-in
// attempts older than a day (only the throttling window needs them).
import { eraseExpiredPhones, pruneSignInAttempts } from '@kaimen/db';
import type { AppDeps } from './deps.ts';

export async function runMaintenance(
  deps: AppDeps,
): Promise<{ phonesErased: number; signInAttemptsPruned: number }> {
  const now = deps.now();
  const phonesErased = await eraseExpiredPhones(deps.db, now, deps.config.PHONE_RETENTION_DAYS);
  const signInAttemptsPruned = await pruneSignInAttempts(deps.db, new Date(now.getTime() - 86_400_000));
  return { phonesErased, signInAttemptsPruned };
}

export function startMaintenance(deps: AppDeps, everyMs = 3_600_000): () => void {
  const tick = () =>
    runMaintenance(deps).catch((error: unknown) => console.error('[api] maintenance failed', error));
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
