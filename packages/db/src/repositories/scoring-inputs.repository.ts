// Everything a cycle's computation needs, aggregated in SQL: the ratings are read as running
// tallies per service point × verified × level, never loaded one by one into the application.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function loadCycleForScoring(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('cycle')
    .select(['id', 'organiser_id', 'state', 'policy', 'starts_on', 'ends_on'])
    .where('id', '=', cycleId)
    .executeTakeFirst();
}

export async function loadScoringStructure(db: Kysely<DB>, cycle: { id: string; organiser_id: string }) {
  const [units, weights, indicators, rules] = await Promise.all([
    db
      .selectFrom('unit')
      .select(['id', 'category_id', 'name'])
      .where('organiser_id', '=', cycle.organiser_id)
      .where('retired_at', 'is', null)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('channel_weight')
      .select(['category_id', 'channel', 'weight'])
      .where('cycle_id', '=', cycle.id)
      .execute(),
    db
      .selectFrom('indicator')
      .select(['id', 'category_id', 'parent_id', 'weight', 'scale_min', 'scale_max', 'name'])
      .where('cycle_id', '=', cycle.id)
      .where('retired', '=', false)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('deduction_rule')
      .select(['finding_type', 'points_per_finding', 'cap', 'is_veto'])
      .where('cycle_id', '=', cycle.id)
      .execute(),
  ]);
  return { units, weights, indicators, rules };
}

/**
 * Aspect answers per unit, aspect and level, from the running tally (kept exact by triggers on
 * citizen_rating; see migration 20261122020000). The overall answers come from
 * citizenTallies(); together they are the citizen channel's whole input.
 */
export async function citizenAspectCounts(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('citizen_aspect_tally')
    .select(['unit_id', 'aspect_code', 'level', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('cycle_id', '=', cycleId)
    .groupBy(['unit_id', 'aspect_code', 'level'])
    .execute();
}

export async function ratingAspectCodes(db: Kysely<DB>, cycleId: string) {
  const rows = await db
    .selectFrom('rating_aspect')
    .select('code')
    .where('cycle_id', '=', cycleId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.code);
}

/** Service volume per service point over the cycle's period. */
export async function servicePointVolumes(
  db: Kysely<DB>,
  cycle: { organiser_id: string; starts_on: string; ends_on: string },
) {
  return db
    .selectFrom('service_volume as v')
    .innerJoin('service_point as sp', 'sp.id', 'v.service_point_id')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .select(['v.service_point_id', 'sp.unit_id', (eb) => eb.fn.sum<number>('v.volume').as('volume')])
    .where('u.organiser_id', '=', cycle.organiser_id)
    .where('v.period_start', '>=', cycle.starts_on)
    .where('v.period_end', '<=', cycle.ends_on)
    .groupBy(['v.service_point_id', 'sp.unit_id'])
    .execute();
}

export async function panelBallots(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('panel_ballot as b')
    .innerJoin('panel_ballot_score as s', 's.ballot_id', 'b.id')
    .select(['b.id', 'b.unit_id', 'b.channel', 'b.validity', 's.indicator_id', 's.score'])
    .where('b.cycle_id', '=', cycleId)
    .execute();
}

/** Invited and submitted per unit and panel channel (the quorum's base). */
export async function panelParticipation(db: Kysely<DB>, cycleId: string) {
  const { rows } = await sql<{ unit_id: string; channel: string; invited: number; submitted: number }>`
    SELECT a.unit_id,
           CASE WHEN e.kind = 'special_supervisor' THEN 'special_supervisor' ELSE 'representative' END AS channel,
           count(DISTINCT a.evaluator_id)::int AS invited,
           count(DISTINCT s.invitation_id)::int AS submitted
    FROM evaluator_assignment a
    JOIN evaluator e ON e.id = a.evaluator_id
    LEFT JOIN invitation i ON i.evaluator_id = a.evaluator_id AND i.cycle_id = a.cycle_id
    LEFT JOIN panel_submission s ON s.invitation_id = i.id AND s.unit_id = a.unit_id
    WHERE a.cycle_id = ${cycleId}
    GROUP BY 1, 2`.execute(db);
  return rows;
}

export async function indicatorScores(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('indicator_score')
    .select(['unit_id', 'channel', 'source_organisation_id', 'indicator_id', 'score'])
    .where('cycle_id', '=', cycleId)
    .execute();
}

export async function findingCounts(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('discipline_finding')
    .select(['unit_id', 'finding_type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cycle_id', '=', cycleId)
    .where('withdrawn_at', 'is', null)
    .groupBy(['unit_id', 'finding_type'])
    .execute();
}

export async function spotCheckScores(db: Kysely<DB>, cycleId: string) {
  return db
    .selectFrom('spot_check_result')
    .select(['unit_id', 'score'])
    .where('cycle_id', '=', cycleId)
    .execute();
}

/** Petition opinions summed per unit: complaints, verified complaints and how many opinions. */
export async function petitionCounts(db: Kysely<DB>, cycleId: string) {
  const { rows } = await sql<{ unit_id: string; complaints: number; verified: number; opinions: number }>`
    SELECT unit_id, sum(complaint_count)::int AS complaints,
           sum(verified_complaint_count)::int AS verified, count(*)::int AS opinions
    FROM petition_opinion WHERE cycle_id = ${cycleId} GROUP BY unit_id`.execute(db);
  return rows;
}

/**
 * Each rated window's first and last day of counted ratings in the cycle (China time), for the
 * coverage warnings; the index on (service_point_id, created_at) serves each window's range.
 */
export async function ratedWindowSpans(db: Kysely<DB>, cycle: { id: string; organiser_id: string }) {
  const { rows } = await sql<{
    service_point_id: string;
    unit_id: string;
    name: string;
    first_rating: string;
    last_rating: string;
  }>`
    SELECT sp.id AS service_point_id, sp.unit_id, sp.name,
           to_char(r.first AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS first_rating,
           to_char(r.last AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS last_rating
    FROM service_point sp
    JOIN unit u ON u.id = sp.unit_id
    CROSS JOIN LATERAL (
      SELECT min(created_at) AS first, max(created_at) AS last FROM citizen_rating r
      WHERE r.service_point_id = sp.id AND r.cycle_id = ${cycle.id}
        AND kaimen_rating_counts(r.quarantine_state, r.malicious)
    ) r
    WHERE u.organiser_id = ${cycle.organiser_id} AND r.first IS NOT NULL
    ORDER BY sp.id`.execute(db);
  return rows;
}

/** Volume periods of the organiser's windows that overlap the cycle (inside or straddling it). */
export async function volumePeriodsOverlapping(
  db: Kysely<DB>,
  cycle: { organiser_id: string; starts_on: string; ends_on: string },
) {
  return db
    .selectFrom('service_volume as v')
    .innerJoin('service_point as sp', 'sp.id', 'v.service_point_id')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .select(['v.service_point_id', 'v.period_start', 'v.period_end'])
    .where('u.organiser_id', '=', cycle.organiser_id)
    .where('v.period_end', '>=', cycle.starts_on)
    .where('v.period_start', '<=', cycle.ends_on)
    .orderBy('v.service_point_id')
    .orderBy('v.period_start')
    .execute();
}
