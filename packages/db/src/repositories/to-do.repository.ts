// The counts behind a person's console to-dos (domain `toDosFor` decides which they see), for
// their scope: the organiser's office, or one unit for a liaison, and the cycle the console is
// on. Only the kinds asked for are counted.
import type { ToDoCounts, ToDoKind } from '@kaimen/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface ToDoScope {
  organiserId: string;
  /** A liaison's one unit; null for the whole office. */
  unitId: string | null;
  /** The cycle the to-dos are about (the open one, else the latest that opened); null: none. */
  cycleId: string | null;
  /** The cycle policy's quorum of valid panel ballots per unit. */
  panelMinBallots: number;
  /** Today in China (YYYY-MM-DD), for overdue cases. */
  today: string;
  /** Counts scores from this organisation only (a superior reviewer); null: from anyone. */
  scoresFrom: string | null;
}

const n = (row: { n: unknown } | undefined) => Number(row?.n ?? 0);

export async function toDoCounts(db: Kysely<DB>, scope: ToDoScope, kinds: readonly ToDoKind[]) {
  const counts: ToDoCounts = {};
  const want = new Set(kinds);
  const cases = () => {
    let q = db
      .selectFrom('negative_rating_case as c')
      .innerJoin('unit as u', 'u.id', 'c.unit_id')
      .where('u.organiser_id', '=', scope.organiserId)
      .where('c.state', '<>', 'closed');
    if (scope.unitId) q = q.where('c.unit_id', '=', scope.unitId);
    return q;
  };
  if (want.has('overdue_cases'))
    counts.overdue_cases = n(
      await cases().select(sql`count(*)`.as('n')).where('c.due_on', '<', scope.today).executeTakeFirst(),
    );
  if (want.has('open_cases'))
    counts.open_cases = n(await cases().select(sql`count(*)`.as('n')).executeTakeFirst());
  if (want.has('rectification_open') && scope.unitId)
    counts.rectification_open = n(
      await db
        .selectFrom('rectification_item')
        .select(sql`count(*)`.as('n'))
        .where('unit_id', '=', scope.unitId)
        .where('status', 'in', ['open', 'in_progress'])
        .executeTakeFirst(),
    );
  if (want.has('results_to_publish'))
    counts.results_to_publish = n(
      await db
        .selectFrom('outcome_revision as r')
        .innerJoin('cycle as cy', 'cy.id', 'r.cycle_id')
        .select(sql`count(*)`.as('n'))
        .where('cy.organiser_id', '=', scope.organiserId)
        .where('r.state', '=', 'review')
        .executeTakeFirst(),
    );
  const cycleId = scope.cycleId;
  if (!cycleId) return counts;
  if (want.has('quarantine_waiting'))
    counts.quarantine_waiting = n(
      await db
        .selectFrom('citizen_rating')
        .select(sql`count(*)`.as('n'))
        .where('cycle_id', '=', cycleId)
        .where('quarantine_state', '=', 'quarantined')
        .executeTakeFirst(),
    );
  if (want.has('panels_below_quorum'))
    // Units that have a panel (evaluators assigned) but fewer valid ballots than the quorum.
    counts.panels_below_quorum = n(
      await db
        .selectFrom('evaluator_assignment as a')
        .select(sql`count(DISTINCT a.unit_id)`.as('n'))
        .where('a.cycle_id', '=', cycleId)
        .where(
          sql<boolean>`(SELECT count(*) FROM panel_ballot b WHERE b.cycle_id = a.cycle_id
            AND b.unit_id = a.unit_id AND b.validity = 'valid') < ${scope.panelMinBallots}`,
        )
        .executeTakeFirst(),
    );
  if (want.has('scores_not_entered')) {
    // Active units of the office with no superior review score yet (from this agency, for one).
    const from = scope.scoresFrom;
    counts.scores_not_entered = n(
      await db
        .selectFrom('unit as u')
        .select(sql`count(*)`.as('n'))
        .where('u.organiser_id', '=', scope.organiserId)
        .where('u.retired_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('indicator_score as s')
                .select('s.id')
                .whereRef('s.unit_id', '=', 'u.id')
                .where('s.cycle_id', '=', cycleId)
                .where('s.channel', '=', 'superior')
                .$if(from !== null, (q) => q.where('s.source_organisation_id', '=', from as string)),
            ),
          ),
        )
        .executeTakeFirst(),
    );
  }
  return counts;
}
