// The panel part of a dataset release (代表委员、特约监督员): one row per valid ballot with its
// channel, generalised place (unit → category) and period (day → week → month of the day it was
// submitted), and its score: the mean of its indicator scores, each rescaled to 0–100. Never the
// evaluator, the invitation, the kind of deputy or the comment.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';
import type { ReleaseTime } from './release.repository.ts';
import { type LevelTotalsRow, levelSummary, levelTotalsOf } from './release-build.repository.ts';

export type PanelPlace = 'unit' | 'category';

const PERIOD: Record<ReleaseTime, ReturnType<typeof sql>> = {
  day: sql`to_char(b.day, 'YYYY-MM-DD')`,
  week: sql`to_char(date_trunc('week', b.day), 'IYYY-"W"IW')`,
  month: sql`to_char(b.day, 'YYYY-MM')`,
};
const PLACE: Record<PanelPlace, ReturnType<typeof sql>> = {
  unit: sql`b.unit_id`,
  category: sql`b.category_id`,
};

// Valid ballots with their score; l-diversity counts distinct whole-point scores.
const BALLOTS = (cycleId: string) => sql`
  SELECT pb.id, pb.channel, pb.unit_id, u.category_id, pb.submitted_on AS day,
         round(avg(100 * (s.score - i.scale_min) / (i.scale_max - i.scale_min)), 1)::float8 AS score
  FROM panel_ballot pb
  JOIN unit u ON u.id = pb.unit_id
  JOIN panel_ballot_score s ON s.ballot_id = pb.id
  JOIN indicator i ON i.id = s.indicator_id
  WHERE pb.cycle_id = ${cycleId} AND pb.validity = 'valid'
  GROUP BY pb.id, u.category_id`;

/** For each place × time generalisation of the panel ballots, what k and l would keep (six rows). */
export async function panelLevelTotals(db: Kysely<DB>, cycleId: string, k: number, l: number) {
  const { rows } = await sql<LevelTotalsRow<PanelPlace>>`
    WITH b AS (${BALLOTS(cycleId)}),
    groups AS (
      SELECT CASE WHEN GROUPING(unit) = 0 THEN 'unit' ELSE 'category' END AS place,
             CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(week) = 0 THEN 'week' ELSE 'month' END AS time,
             count(*) AS n, count(DISTINCT round(score)) AS d
      FROM (SELECT ${PLACE.unit} AS unit, ${PLACE.category} AS cat, b.channel,
                   ${PERIOD.day} AS day, ${PERIOD.week} AS week, ${PERIOD.month} AS month, b.score FROM b) g
      GROUP BY GROUPING SETS ((channel, unit, day), (channel, unit, week), (channel, unit, month),
                              (channel, cat, day), (channel, cat, week), (channel, cat, month))
    )
    ${levelSummary(k, l)}`.execute(db);
  return rows.map(levelTotalsOf);
}

/**
 * Writes the kept panel ballots after the citizen rows (row numbers from `after` + 1), ordered
 * by category, place and period, then a keyed hash. Returns the rows written.
 */
export async function insertPanelReleaseRows(
  trx: Kysely<DB>,
  r: {
    releaseId: string;
    cycleId: string;
    place: PanelPlace;
    time: ReleaseTime;
    k: number;
    l: number;
    salt: string;
    after: number;
  },
): Promise<number> {
  const result = await sql`
    WITH b AS (${BALLOTS(r.cycleId)}),
    g AS (SELECT b.*, ${PLACE[r.place]} AS place, ${PERIOD[r.time]} AS period FROM b),
    kept AS (
      SELECT channel, place, period FROM g GROUP BY 1, 2, 3
      HAVING count(*) >= ${r.k} AND count(DISTINCT round(score)) >= ${r.l}
    )
    INSERT INTO dataset_release_row (release_id, row_no, data)
    SELECT ${r.releaseId},
           ${r.after}::bigint + row_number() OVER (ORDER BY c.name, g.channel, g.place, g.period, md5(g.id::text || ${r.salt})),
           jsonb_build_object(
             'channel', g.channel,
             'category', c.name,
             'unit', ${r.place === 'unit' ? sql`u.name` : sql`NULL`},
             'service_point', NULL,
             'period', g.period,
             'panel_score', g.score)
    FROM g JOIN kept USING (channel, place, period)
    JOIN unit u ON u.id = g.unit_id
    JOIN unit_category c ON c.id = g.category_id`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
