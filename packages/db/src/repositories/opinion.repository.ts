// Institutional channels: indicator scores from superior and third-party agencies and from
// units themselves (self, peer), petition opinions, and discipline findings. Every write here
// runs inside the caller's transaction so the audit entry lands with it or not at all.
import type { Kysely } from 'kysely';
import { isScoredLeaf } from '../fragments/indicator.fragments.ts';
import type { DB } from '../schema.generated.ts';

/** The organiser's units that are still assessed, with their category. */
export async function assessedUnits(db: Kysely<DB>, organiserId: string) {
  return db
    .selectFrom('unit as u')
    .innerJoin('unit_category as c', 'c.id', 'u.category_id')
    .select(['u.id', 'u.code', 'u.name', 'u.category_id', 'c.name as category_name'])
    .where('u.organiser_id', '=', organiserId)
    .where('u.retired_at', 'is', null)
    .orderBy('c.name')
    .orderBy('u.name')
    .execute();
}

/** Leaf indicators (the ones scored) of every category of a cycle, with the parent's name. */
export async function leafIndicators(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('indicator as i')
    .leftJoin('indicator as p', 'p.id', 'i.parent_id')
    .select([
      'i.id',
      'i.code',
      'i.name',
      'i.category_id',
      'i.kind',
      'i.scale_min',
      'i.scale_max',
      'p.name as parent_name',
    ])
    .where('i.cycle_id', '=', cycleId)
    .where(isScoredLeaf)
    .orderBy('p.position')
    .orderBy('i.position')
    .orderBy('i.code')
    .execute();
}

/** One source organisation's indicator scores in a cycle (optionally for one unit). */
export async function scoresOfSource(
  db: Kysely<DB>,
  opts: { cycleId: string; sourceOrganisationId: string; unitId?: string },
) {
  let query = db
    .selectFrom('indicator_score')
    .select(['id', 'unit_id', 'channel', 'indicator_id', 'score', 'comment'])
    .where('cycle_id', '=', opts.cycleId)
    .where('source_organisation_id', '=', opts.sourceOrganisationId);
  if (opts.unitId) query = query.where('unit_id', '=', opts.unitId);
  return query.execute();
}

export interface UnitScoreSet {
  unitId: string;
  channel: string;
  scores: { indicatorId: string; score: number; comment: string | null }[];
}

/**
 * Replaces a source's scores for each given unit with exactly the given set: indicators left
 * out are removed, so a cleared field on the form means "no opinion", never a stale number.
 */
export async function replaceUnitScores(
  trx: Kysely<DB>,
  opts: { cycleId: string; sourceOrganisationId: string; createdBy: string; sets: UnitScoreSet[] },
) {
  for (const set of opts.sets) {
    await trx
      .deleteFrom('indicator_score')
      .where('cycle_id', '=', opts.cycleId)
      .where('source_organisation_id', '=', opts.sourceOrganisationId)
      .where('unit_id', '=', set.unitId)
      .where('channel', '=', set.channel)
      .execute();
  }
  const rows = opts.sets.flatMap((set) =>
    set.scores.map((s) => ({
      cycle_id: opts.cycleId,
      unit_id: set.unitId,
      channel: set.channel,
      source_organisation_id: opts.sourceOrganisationId,
      indicator_id: s.indicatorId,
      score: s.score,
      comment: s.comment,
      created_by: opts.createdBy,
    })),
  );
  // Chunked: one statement's parameters stay far below PostgreSQL's 65,535 limit.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('indicator_score')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  return rows.length;
}

export async function listPetitionOpinions(
  db: Kysely<DB>,
  opts: { cycleId: string; sourceOrganisationId?: string },
) {
  let query = db
    .selectFrom('petition_opinion as p')
    .innerJoin('organisation as o', 'o.id', 'p.source_organisation_id')
    .select([
      'p.id',
      'p.unit_id',
      'p.period_start',
      'p.period_end',
      'p.complaint_count',
      'p.verified_complaint_count',
      'p.note',
      'o.name as source_name',
    ])
    .where('p.cycle_id', '=', opts.cycleId);
  if (opts.sourceOrganisationId)
    query = query.where('p.source_organisation_id', '=', opts.sourceOrganisationId);
  return query.orderBy('p.period_start').execute();
}

export async function upsertPetitionOpinion(
  trx: Kysely<DB>,
  o: {
    cycleId: string;
    unitId: string;
    sourceOrganisationId: string;
    periodStart: string;
    periodEnd: string;
    complaintCount: number;
    verifiedComplaintCount: number;
    note: string | null;
    createdBy: string;
  },
) {
  const before = await trx
    .selectFrom('petition_opinion')
    .select(['id', 'complaint_count', 'verified_complaint_count', 'period_end'])
    .where('cycle_id', '=', o.cycleId)
    .where('unit_id', '=', o.unitId)
    .where('source_organisation_id', '=', o.sourceOrganisationId)
    .where('period_start', '=', o.periodStart)
    .executeTakeFirst();
  const after = await trx
    .insertInto('petition_opinion')
    .values({
      cycle_id: o.cycleId,
      unit_id: o.unitId,
      source_organisation_id: o.sourceOrganisationId,
      period_start: o.periodStart,
      period_end: o.periodEnd,
      complaint_count: o.complaintCount,
      verified_complaint_count: o.verifiedComplaintCount,
      note: o.note,
      created_by: o.createdBy,
    })
    .onConflict((oc) =>
      oc.columns(['cycle_id', 'unit_id', 'source_organisation_id', 'period_start']).doUpdateSet({
        period_end: o.periodEnd,
        complaint_count: o.complaintCount,
        verified_complaint_count: o.verifiedComplaintCount,
        note: o.note,
        created_by: o.createdBy,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: after.id, before: before ?? null };
}

export async function listDeductionRules(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('deduction_rule')
    .select(['finding_type', 'name', 'name_en', 'points_per_finding', 'cap', 'is_veto'])
    .where('cycle_id', '=', cycleId)
    .orderBy('is_veto', 'desc')
    .orderBy('finding_type')
    .execute();
}

export async function listDisciplineFindings(
  db: Kysely<DB>,
  opts: { cycleId: string; sourceOrganisationId?: string },
) {
  let query = db
    .selectFrom('discipline_finding')
    .select([
      'id',
      'unit_id',
      'finding_type',
      'reason',
      'found_on',
      'created_at',
      'withdrawn_at',
      'withdrawn_reason',
    ])
    .where('cycle_id', '=', opts.cycleId);
  if (opts.sourceOrganisationId)
    query = query.where('source_organisation_id', '=', opts.sourceOrganisationId);
  return query.orderBy('found_on', 'desc').orderBy('created_at', 'desc').execute();
}

export async function insertDisciplineFinding(
  trx: Kysely<DB>,
  f: {
    cycleId: string;
    unitId: string;
    findingType: string;
    sourceOrganisationId: string;
    reason: string;
    foundOn: string;
    createdBy: string;
  },
) {
  return trx
    .insertInto('discipline_finding')
    .values({
      cycle_id: f.cycleId,
      unit_id: f.unitId,
      finding_type: f.findingType,
      source_organisation_id: f.sourceOrganisationId,
      reason: f.reason,
      found_on: f.foundOn,
      created_by: f.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findDisciplineFinding(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('discipline_finding as f')
    .innerJoin('cycle as c', 'c.id', 'f.cycle_id')
    .select([
      'f.id',
      'f.cycle_id',
      'f.unit_id',
      'f.finding_type',
      'f.source_organisation_id',
      'f.withdrawn_at',
      'c.organiser_id',
      'c.state as cycle_state',
    ])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

/** Withdraws a live finding; false when it was already withdrawn (a second tab, a double click). */
export async function withdrawDisciplineFinding(
  trx: Kysely<DB>,
  opts: { id: string; reason: string; now: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('discipline_finding')
    .set({ withdrawn_at: opts.now, withdrawn_reason: opts.reason })
    .where('id', '=', opts.id)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The organiser's other cycles in a state (at most one cycle takes ratings at a time). */
export async function cyclesInState(db: Kysely<DB>, organiserId: string, state: string) {
  return db
    .selectFrom('cycle')
    .select(['id', 'name'])
    .where('organiser_id', '=', organiserId)
    .where('state', '=', state)
    .execute();
}

/** A cycle with what console screens show of it. */
export async function findCycle(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('cycle')
    .select(['id', 'name', 'year', 'state', 'organiser_id', 'policy', 'starts_on', 'ends_on'])
    .where('id', '=', cycleId)
    .executeTakeFirst();
}
