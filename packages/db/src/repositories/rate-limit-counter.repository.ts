// Limit counters (rate_limit_counter) are bumped by every rating batch (rating-ingest.repository.ts)
// and read only while their window is open; afterwards they are dead rows that would make every
// later batch's counter lookups slower. Maintenance deletes them.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';

/** Deletes the counters of windows that started before `before`; returns how many. */
export async function pruneRateLimitCounters(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counter')
    .where('window_start', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
