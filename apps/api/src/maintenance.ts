// Periodic housekeeping every API instance may run (each step is idempotent): erase callback
// phone numbers once their case has been closed for the retention period.
import { eraseExpiredPhones } from '@kaimen/db';
import type { AppDeps } from './deps.ts';

export async function runMaintenance(deps: AppDeps): Promise<{ phonesErased: number }> {
  const phonesErased = await eraseExpiredPhones(deps.db, deps.now(), deps.config.PHONE_RETENTION_DAYS);
  return { phonesErased };
}

export function startMaintenance(deps: AppDeps, everyMs = 3_600_000): () => void {
  const tick = () =>
    runMaintenance(deps).catch((error: unknown) => console.error('[api] maintenance failed', error));
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
