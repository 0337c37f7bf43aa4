// Deleting a draft cycle: what has been recorded against it (counted per kind, so the refusal
// can say what), and the delete of the cycle with its own configuration. The caller decides
// from the counts (domain `cycleDeletion`) and runs both in one transaction.

import type { CycleRecordCounts } from '@kaimen/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function cycleRecordCounts(db: Kysely<DB>, cycleId: string): Promise<CycleRecordCounts> {
  // The tables whose rows point at the cycle, per kind of record.
  const tables: Record<keyof CycleRecordCounts, string[]> = {
    citizen_ratings: ['citizen_rating', 'citizen_rating_tally', 'citizen_aspect_tally'],
    panel: ['evaluator_assignment', 'invitation', 'panel_ballot', 'panel_submission'],
    opinions: ['petition_opinion', 'discipline_finding'],
    scores: ['indicator_score'],
    task_items: ['task_list_item', 'spot_check_result'],
    outcomes: ['outcome_revision'],
    rectification: ['rectification_item'],
    re_reviews: ['re_review'],
    releases: ['dataset_release'],
    later_cycles: [],
  };
  const parts = Object.entries(tables).flatMap(([kind, names]) =>
    names.map(
      (t) =>
        sql`SELECT ${kind}::text AS kind, count(*)::int AS n FROM ${sql.table(t)} WHERE cycle_id = ${cycleId}`,
    ),
  );
  parts.push(sql`SELECT 'later_cycles'::text, count(*)::int FROM cycle WHERE previous_cycle_id = ${cycleId}`);
  const { rows } = await sql<{
    kind: keyof CycleRecordCounts;
    n: number;
  }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  const counts = Object.fromEntries(Object.keys(tables).map((k) => [k, 0])) as CycleRecordCounts;
  // The largest of a kind's tables (ratings and their tallies are one thing to the organiser).
  for (const r of rows) counts[r.kind] = Math.max(counts[r.kind], Number(r.n));
  return counts;
}

/** Locks the cycle row for the rest of the transaction and reads its state as it now is. */
export async function lockCycle(trx: Kysely<DB>, cycleId: string) {
  return trx
    .selectFrom('cycle')
    .select(['id', 'state'])
    .where('id', '=', cycleId)
    .forUpdate()
    .executeTakeFirst();
}

/** Deletes a cycle with its configuration; the caller has locked it and checked it is empty. */
export async function deleteCycleWithConfiguration(trx: Kysely<DB>, cycleId: string) {
  for (const table of ['cycle_phase', 'channel_weight', 'rating_aspect', 'deduction_rule'] as const)
    await trx.deleteFrom(table).where('cycle_id', '=', cycleId).execute();
  // The tree refers to itself: unlink it before deleting it.
  await trx.updateTable('indicator').set({ parent_id: null }).where('cycle_id', '=', cycleId).execute();
  await trx.deleteFrom('indicator').where('cycle_id', '=', cycleId).execute();
  await trx.deleteFrom('cycle').where('id', '=', cycleId).execute();
}
