// The comments of a release (only when asked): scrubbed of personal data in Node, a batch at a
// time, into the build's temporary table, from which the rows pass picks them up.
import { createScrubbedComments, type DB, insertScrubbedComments, keptCommentBatches } from '@kaimen/db';
import { defuseFormula, type MaskKind } from '@kaimen/domain';
import type { Transaction } from 'kysely';
import { scrubCommentText } from '../comments/comment-scrubber.ts';

/**
 * Scrubs the comments of the rows the release keeps into the build's temporary table, and counts
 * what was masked (kinds and numbers only: the report never repeats what it removed).
 */
export async function scrubKeptComments(trx: Transaction<DB>, cycleId: string) {
  await createScrubbedComments(trx);
  const masked: Partial<Record<MaskKind, number>> = {};
  let released = 0;
  let maskedComments = 0;
  for await (const batch of keptCommentBatches(trx, cycleId)) {
    const scrubbed = batch.map((row) => {
      const result = scrubCommentText(row.comment);
      const kinds = Object.entries(result.masked) as [MaskKind, number][];
      if (kinds.length) maskedComments++;
      for (const [kind, n] of kinds) masked[kind] = (masked[kind] ?? 0) + n;
      return { id: row.id, comment: defuseFormula(result.text) };
    });
    released += scrubbed.length;
    await insertScrubbedComments(trx, scrubbed);
  }
  return { released, maskedComments, masked };
}
