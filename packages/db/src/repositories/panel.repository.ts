// Invited evaluators: roster, assignments, invitations, drafts and submissions. A ballot of an
// anonymous panel is written without its invitation and with only the day, so nothing here
// can join a score back to the person who gave it; participation lives in panel_submission.
import { type Kysely, sql } from 'kysely';
import { isScoredLeaf } from '../fragments/indicator.fragments.ts';
import type { DB } from '../schema.generated.ts';

export async function rosterCodes(db: Kysely<DB>, organiserId: string) {
  const [categories, units] = await Promise.all([
    db
      .selectFrom('unit_category')
      .select(['id', 'code'])
      .where('organiser_id', '=', organiserId)
      .where('retired_at', 'is', null)
      .execute(),
    db
      .selectFrom('unit')
      .select(['id', 'code', 'category_id'])
      .where('organiser_id', '=', organiserId)
      .where('retired_at', 'is', null)
      .execute(),
  ]);
  return { categories, units };
}

/** Evaluators already on a cycle's roster (assigned at least one unit). */
export async function rosterOfCycle(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('evaluator as e')
    .select(['e.kind', 'e.name'])
    .distinct()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('evaluator_assignment as a')
          .select('a.unit_id')
          .whereRef('a.evaluator_id', '=', 'e.id')
          .where('a.cycle_id', '=', cycleId),
      ),
    )
    .execute();
}

export async function insertRoster(
  db: Kysely<DB>,
  opts: {
    organiserId: string;
    cycleId: string;
    rows: {
      name: string;
      kind: string;
      affiliation: string;
      contactEncrypted: Uint8Array | null;
      unitIds: string[];
    }[];
  },
): Promise<{ evaluators: number; assignments: number }> {
  if (opts.rows.length === 0) return { evaluators: 0, assignments: 0 };
  const ids = await db
    .insertInto('evaluator')
    .values(
      opts.rows.map((r) => ({
        organiser_id: opts.organiserId,
        kind: r.kind,
        name: r.name,
        affiliation: r.affiliation || null,
        contact_encrypted: r.contactEncrypted,
      })),
    )
    .returning('id')
    .execute();
  const assignments = opts.rows.flatMap((r, i) =>
    [...new Set(r.unitIds)].map((unitId) => ({
      cycle_id: opts.cycleId,
      evaluator_id: (ids[i] as { id: string }).id,
      unit_id: unitId,
    })),
  );
  for (let i = 0; i < assignments.length; i += 1000) {
    await db
      .insertInto('evaluator_assignment')
      .values(assignments.slice(i, i + 1000))
      .execute();
  }
  return { evaluators: ids.length, assignments: assignments.length };
}

/** The cycle's evaluators to invite: the given ones, or every one without a live link. */
export async function evaluatorsToInvite(
  db: Kysely<DB>,
  cycleId: string,
  now: Date,
  evaluatorIds?: string[],
) {
  let query = db
    .selectFrom('evaluator as e')
    .select(['e.id', 'e.name'])
    .where('e.retired_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('evaluator_assignment as a')
          .select('a.unit_id')
          .whereRef('a.evaluator_id', '=', 'e.id')
          .where('a.cycle_id', '=', cycleId),
      ),
    )
    .orderBy('e.name')
    .orderBy('e.id');
  if (evaluatorIds) {
    if (evaluatorIds.length === 0) return [];
    query = query.where('e.id', 'in', evaluatorIds);
  } else {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('invitation as i')
            .select('i.id')
            .whereRef('i.evaluator_id', '=', 'e.id')
            .where('i.cycle_id', '=', cycleId)
            .where('i.revoked_at', 'is', null)
            .where('i.expires_at', '>', now),
        ),
      ),
    );
  }
  return query.execute();
}

/** A new link replaces the old ones (a lost or forwarded link stops working). */
/** Withdraws the live links of these evaluators in the cycle; returns how many were withdrawn. */
export async function revokeInvitations(db: Kysely<DB>, cycleId: string, evaluatorIds: string[], now: Date) {
  if (evaluatorIds.length === 0) return 0;
  const result = await db
    .updateTable('invitation')
    .set({ revoked_at: now })
    .where('cycle_id', '=', cycleId)
    .where('evaluator_id', 'in', evaluatorIds)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Unfinished drafts follow each person from their withdrawn links to their live one. */
export async function moveDraftsToLiveInvitations(db: Kysely<DB>, cycleId: string) {
  await sql`
    UPDATE panel_draft d SET invitation_id = live.id
    FROM invitation old
    JOIN invitation live ON live.evaluator_id = old.evaluator_id AND live.cycle_id = old.cycle_id
                        AND live.revoked_at IS NULL
    WHERE d.invitation_id = old.id AND old.revoked_at IS NOT NULL AND old.cycle_id = ${cycleId}`.execute(db);
}

export async function insertInvitations(
  db: Kysely<DB>,
  rows: { cycleId: string; evaluatorId: string; tokenHash: Uint8Array; expiresAt: Date; now: Date }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('invitation')
    .values(
      rows.map((r) => ({
        cycle_id: r.cycleId,
        evaluator_id: r.evaluatorId,
        token_hash: r.tokenHash,
        created_at: r.now,
        expires_at: r.expiresAt,
      })),
    )
    .execute();
}

/**
 * Exchanges a link for a session, once: the update only matches an unused, live invitation,
 * so of two racing requests exactly one gets a row back.
 */
export async function exchangeInvitation(db: Kysely<DB>, tokenHash: Uint8Array, now: Date) {
  return db
    .updateTable('invitation')
    .set({ exchanged_at: now })
    .where('token_hash', '=', tokenHash)
    .where('exchanged_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'cycle_id', 'evaluator_id', 'expires_at'])
    .executeTakeFirst();
}

export async function findInvitationByHash(db: Kysely<DB>, tokenHash: Uint8Array) {
  return db
    .selectFrom('invitation as i')
    .innerJoin('cycle as c', 'c.id', 'i.cycle_id')
    .select([
      'i.id',
      'i.exchanged_at',
      'i.revoked_at',
      'i.expires_at',
      'c.name as cycle_name',
      'c.state as cycle_state',
    ])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The evaluators of a cycle among these ids (to refuse ids that are not on its roster). */
export async function cycleEvaluatorIds(db: Kysely<DB>, cycleId: string, evaluatorIds: readonly string[]) {
  if (evaluatorIds.length === 0) return [];
  const rows = await db
    .selectFrom('evaluator_assignment')
    .select('evaluator_id')
    .distinct()
    .where('cycle_id', '=', cycleId)
    .where('evaluator_id', 'in', evaluatorIds)
    .execute();
  return rows.map((r) => r.evaluator_id);
}

/** Who has and has not submitted, per evaluator of the cycle (never what they gave). */
export async function participationOf(db: Kysely<DB>, cycleId: string) {
  const { rows } = await sql<{
    evaluator_id: string;
    name: string;
    kind: string;
    assigned: number;
    submitted: number;
    exchanged_at: Date | null;
    revoked_at: Date | null;
    expires_at: Date | null;
  }>`
    SELECT e.id AS evaluator_id, e.name, e.kind,
           count(DISTINCT a.unit_id)::int AS assigned,
           (SELECT count(*)::int FROM panel_submission s
             WHERE s.evaluator_id = e.id AND s.cycle_id = ${cycleId}) AS submitted,
           last.exchanged_at, last.revoked_at, last.expires_at
    FROM evaluator e
    JOIN evaluator_assignment a ON a.evaluator_id = e.id AND a.cycle_id = ${cycleId}
    LEFT JOIN LATERAL (
      SELECT exchanged_at, revoked_at, expires_at FROM invitation i
      WHERE i.evaluator_id = e.id AND i.cycle_id = ${cycleId}
      ORDER BY i.revoked_at IS NULL DESC, i.created_at DESC, i.id LIMIT 1
    ) last ON true
    GROUP BY e.id, e.name, e.kind, last.exchanged_at, last.revoked_at, last.expires_at
    ORDER BY e.name, e.id`.execute(db);
  return rows;
}

export async function invitationContext(db: Kysely<DB>, invitationId: string) {
  return db
    .selectFrom('invitation as i')
    .innerJoin('evaluator as e', 'e.id', 'i.evaluator_id')
    .innerJoin('cycle as c', 'c.id', 'i.cycle_id')
    .select([
      'i.id',
      'i.cycle_id',
      'i.evaluator_id',
      'i.expires_at',
      'i.revoked_at',
      'e.name as evaluator_name',
      'e.kind as evaluator_kind',
      'e.organiser_id',
      'c.name as cycle_name',
      'c.state as cycle_state',
      'c.policy',
    ])
    .where('i.id', '=', invitationId)
    .executeTakeFirst();
}

/** The evaluator's units in the cycle, with how far each one is. */
export async function assignedUnits(
  db: Kysely<DB>,
  invitation: { id: string; cycle_id: string; evaluator_id: string },
) {
  return db
    .selectFrom('evaluator_assignment as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('unit_category as c', 'c.id', 'u.category_id')
    .leftJoin('panel_submission as s', (j) =>
      j
        .onRef('s.unit_id', '=', 'a.unit_id')
        .onRef('s.evaluator_id', '=', 'a.evaluator_id')
        .onRef('s.cycle_id', '=', 'a.cycle_id'),
    )
    .leftJoin('panel_draft as d', (j) =>
      j.onRef('d.unit_id', '=', 'a.unit_id').on('d.invitation_id', '=', invitation.id),
    )
    .select([
      'u.id',
      'u.name',
      'u.category_id',
      'c.name as category_name',
      's.submitted_at',
      'd.scores as draft_scores',
      'd.comment as draft_comment',
    ])
    .where('a.cycle_id', '=', invitation.cycle_id)
    .where('a.evaluator_id', '=', invitation.evaluator_id)
    .orderBy('c.name')
    .orderBy('u.name')
    .execute();
}

/** The leaf indicators a panel scores for a category in a cycle. */
export async function panelIndicators(db: Kysely<DB>, cycleId: string, categoryId: string) {
  // In tree order, each leaf with its parent, so the form groups them under it.
  return db
    .selectFrom('indicator as i')
    .leftJoin('indicator as p', 'p.id', 'i.parent_id')
    .select(['i.id', 'i.name', 'i.description', 'i.scale_min', 'i.scale_max', 'p.name as parent_name'])
    .where('i.cycle_id', '=', cycleId)
    .where('i.category_id', '=', categoryId)
    .where(isScoredLeaf)
    .orderBy('p.position')
    .orderBy('p.id')
    .orderBy('i.position')
    .orderBy('i.code')
    .execute();
}

export async function saveDraft(
  db: Kysely<DB>,
  d: { invitationId: string; unitId: string; scores: Record<string, number>; comment: string; now: Date },
) {
  await db
    .insertInto('panel_draft')
    .values({
      invitation_id: d.invitationId,
      unit_id: d.unitId,
      scores: d.scores,
      comment: d.comment || null,
      updated_at: d.now,
    })
    .onConflict((oc) =>
      oc.columns(['invitation_id', 'unit_id']).doUpdateSet({
        scores: d.scores,
        comment: d.comment || null,
        updated_at: d.now,
      }),
    )
    .execute();
}

/**
 * Final and atomic (call inside a transaction): the submission row's primary key lets only one
 * of two racing submits through; the other fails with a unique violation and writes nothing.
 */
export async function submitBallot(
  db: Kysely<DB>,
  b: {
    invitationId: string;
    evaluatorId: string;
    cycleId: string;
    unitId: string;
    channel: 'representative' | 'special_supervisor';
    anonymous: boolean;
    scores: Record<string, number>;
    comment: string;
    now: Date;
    day: string;
  },
) {
  await db
    .insertInto('panel_submission')
    .values({
      invitation_id: b.invitationId,
      cycle_id: b.cycleId,
      evaluator_id: b.evaluatorId,
      unit_id: b.unitId,
      submitted_at: b.now,
    })
    .execute();
  const ballot = await db
    .insertInto('panel_ballot')
    .values({
      cycle_id: b.cycleId,
      unit_id: b.unitId,
      channel: b.channel,
      invitation_id: b.anonymous ? null : b.invitationId,
      comment: b.comment || null,
      submitted_on: b.day,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('panel_ballot_score')
    .values(
      Object.entries(b.scores).map(([indicatorId, score]) => ({
        ballot_id: ballot.id,
        indicator_id: indicatorId,
        score,
      })),
    )
    .execute();
  await db
    .deleteFrom('panel_draft')
    .where('invitation_id', '=', b.invitationId)
    .where('unit_id', '=', b.unitId)
    .execute();
}
