// Aggregates for the organiser's cycle dashboard, each for one drill-down scope (the cycle, a
// category, or a unit). Counts only what the scoring engine counts (kaimen_rating_counts).
// Days are China calendar days (UTC+8, as case deadlines are). Every read here is of running
// read models (week rollup, tallies) or of small tables, so none grows with the ratings.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface DashboardScope {
  cycleId: string;
  categoryId: string | null;
  unitId: string | null;
}

/** The scope as a condition on a unit alias `u` (organiser scoping is the cycle's). */
function inScope(scope: DashboardScope): RawBuilder<unknown> {
  if (scope.unitId) return sql`u.id = ${scope.unitId}`;
  if (scope.categoryId) return sql`u.category_id = ${scope.categoryId}`;
  return sql`TRUE`;
}

/** The next level down, which the trend draws one line for: category, unit or service point. */
function seriesOf(scope: DashboardScope): RawBuilder<string> {
  if (scope.unitId) return sql<string>`w.service_point_id`;
  if (scope.categoryId) return sql<string>`w.unit_id`;
  return sql<string>`u.category_id`;
}

const DAY_MS = 86_400_000;

/** The ISO date `days` after an ISO date. */
function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Counted ratings per day, and per week × series with how many were satisfied (levels 4–5),
 * from the week rollup (citizen_rating_week_rollup, kept exact by triggers on citizen_rating):
 * one short row per window and week in scope, whatever the number of ratings.
 */
export async function ratingSeries(db: Kysely<DB>, scope: DashboardScope) {
  const { rows } = await sql<{
    week: string;
    series_id: string;
    days: number[];
    satisfied: number;
  }>`
    SELECT to_char(week, 'YYYY-MM-DD') AS week, series_id,
           ARRAY[d1, d2, d3, d4, d5, d6, d7]::int[] AS days, satisfied::int AS satisfied
    FROM (
      SELECT w.week, ${seriesOf(scope)} AS series_id,
             sum(w.day_1) AS d1, sum(w.day_2) AS d2, sum(w.day_3) AS d3, sum(w.day_4) AS d4,
             sum(w.day_5) AS d5, sum(w.day_6) AS d6, sum(w.day_7) AS d7, sum(w.satisfied) AS satisfied
      FROM citizen_rating_week_rollup w
      JOIN unit u ON u.id = w.unit_id
      WHERE w.cycle_id = ${scope.cycleId} AND ${inScope(scope)}
      GROUP BY 1, 2
    ) t
    ORDER BY t.week, t.series_id`.execute(db);
  const perDay = new Map<string, number>();
  const perWeek: { week: string; seriesId: string; n: number; satisfied: number }[] = [];
  for (const r of rows) {
    // Rows whose ratings were all un-counted later (rejected, malicious) stay at zero: skip them,
    // as a scan of the ratings would never see them.
    const n = r.days.reduce((a, b) => a + b, 0);
    if (n > 0) perWeek.push({ week: r.week, seriesId: r.series_id, n, satisfied: r.satisfied });
    r.days.forEach((k, i) => {
      if (k === 0) return;
      const day = addDays(r.week, i);
      perDay.set(day, (perDay.get(day) ?? 0) + k);
    });
  }
  return {
    perDay: [...perDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, n]) => ({ day, n })),
    perWeek,
  };
}

/** Counted ratings and dissatisfied ones (levels 1–2) per service point, from the tallies. */
export async function negativeCountsByServicePoint(db: Kysely<DB>, scope: DashboardScope) {
  const { rows } = await sql<{
    service_point_id: string;
    service_point_name: string;
    unit_name: string;
    n: number;
    negative: number;
  }>`
    SELECT sp.id AS service_point_id, sp.name AS service_point_name, u.name AS unit_name,
           (t.verified_1 + t.verified_2 + t.verified_3 + t.verified_4 + t.verified_5 +
            t.unverified_1 + t.unverified_2 + t.unverified_3 + t.unverified_4 + t.unverified_5)::int AS n,
           (t.verified_1 + t.verified_2 + t.unverified_1 + t.unverified_2)::int AS negative
    FROM citizen_rating_tally t
    JOIN service_point sp ON sp.id = t.service_point_id
    JOIN unit u ON u.id = t.unit_id
    WHERE t.cycle_id = ${scope.cycleId} AND ${inScope(scope)}`.execute(db);
  return rows;
}

/**
 * The children of the scope (categories, units, service points still in use) with their counted
 * ratings, for drill-down links. Children without ratings are listed with n = 0.
 */
export async function scopeChildren(db: Kysely<DB>, organiserId: string, scope: DashboardScope) {
  const tally = sql`(SELECT service_point_id, unit_id,
                            verified_1 + verified_2 + verified_3 + verified_4 + verified_5 +
                            unverified_1 + unverified_2 + unverified_3 + unverified_4 + unverified_5 AS n
                     FROM citizen_rating_tally WHERE cycle_id = ${scope.cycleId})`;
  if (scope.unitId) {
    const { rows } = await sql<{ id: string; name: string; n: number }>`
      SELECT sp.id, sp.name, coalesce(sum(t.n), 0)::int AS n
      FROM service_point sp JOIN unit u ON u.id = sp.unit_id
      LEFT JOIN ${tally} t ON t.service_point_id = sp.id
      WHERE u.organiser_id = ${organiserId} AND u.id = ${scope.unitId} AND sp.retired_at IS NULL
      GROUP BY sp.id, sp.name ORDER BY sp.name`.execute(db);
    return rows;
  }
  if (scope.categoryId) {
    const { rows } = await sql<{ id: string; name: string; n: number }>`
      SELECT u.id, u.name, coalesce(sum(t.n), 0)::int AS n
      FROM unit u LEFT JOIN ${tally} t ON t.unit_id = u.id
      WHERE u.organiser_id = ${organiserId} AND u.category_id = ${scope.categoryId} AND u.retired_at IS NULL
      GROUP BY u.id, u.name ORDER BY u.name`.execute(db);
    return rows;
  }
  const { rows } = await sql<{ id: string; name: string; n: number }>`
    SELECT c.id, c.name, coalesce(sum(t.n), 0)::int AS n
    FROM unit_category c
    LEFT JOIN unit u ON u.category_id = c.id AND u.retired_at IS NULL
    LEFT JOIN ${tally} t ON t.unit_id = u.id
    WHERE c.organiser_id = ${organiserId} AND c.retired_at IS NULL
    GROUP BY c.id, c.name ORDER BY c.name`.execute(db);
  return rows;
}

/** Open negative-rating cases of the cycle in scope, counted per due date. */
export async function openCaseDueDates(db: Kysely<DB>, scope: DashboardScope) {
  const { rows } = await sql<{ due_on: string; n: number }>`
    SELECT to_char(c.due_on, 'YYYY-MM-DD') AS due_on, count(*)::int AS n
    FROM negative_rating_case c
    JOIN citizen_rating r ON r.id = c.rating_id
    JOIN unit u ON u.id = c.unit_id
    WHERE r.cycle_id = ${scope.cycleId} AND c.state <> 'closed' AND ${inScope(scope)}
    GROUP BY c.due_on`.execute(db);
  return rows;
}

/** Names of a category or unit of the organiser, to check and label a drill-down scope. */
export async function scopeNames(
  db: Kysely<DB>,
  organiserId: string,
  categoryId: string | null,
  unitId: string | null,
) {
  const category = categoryId
    ? await db
        .selectFrom('unit_category')
        .select(['id', 'name'])
        .where('id', '=', categoryId)
        .where('organiser_id', '=', organiserId)
        .executeTakeFirst()
    : undefined;
  // A unit comes with its own category (the scope above it).
  const unit = unitId
    ? await db
        .selectFrom('unit as u')
        .innerJoin('unit_category as c', 'c.id', 'u.category_id')
        .select(['u.id', 'u.name', 'c.id as category_id', 'c.name as category_name'])
        .where('u.id', '=', unitId)
        .where('u.organiser_id', '=', organiserId)
        .executeTakeFirst()
    : undefined;
  return { category, unit };
}
