// Named query fragments about indicators, shared by the repositories that read trees.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../schema.generated.ts';

/** A live indicator with no live children: the ones that are scored (aliased `i`). */
export function isScoredLeaf(eb: ExpressionBuilder<DB & { i: DB['indicator'] }, 'i'>) {
  return eb.and([
    eb('i.retired', '=', false),
    eb.not(
      eb.exists(
        eb
          .selectFrom('indicator as child')
          .select('child.id')
          .whereRef('child.parent_id', '=', 'i.id')
          .where('child.retired', '=', false),
      ),
    ),
  ]);
}
