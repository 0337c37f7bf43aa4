// The dashboard's per-day and per-week series come from citizen_rating_week_rollup; they must
// always equal a direct aggregate over citizen_rating, whatever sequence of writes came before:
// inserts (counted or held), quarantine releases and rejections, malicious marks, deletes, edits
// that change nothing counted, and statements that roll back. fast-check draws the sequences
// (ratings around China midnight and week boundaries included) and shrinks a counterexample.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardScope, ratingSeries } from './repositories/dashboard.repository.ts';
import { newCategory, newServicePoint, newUnit, newWorld } from './testing/factories.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let t: TestDatabase;
let world: Awaited<ReturnType<typeof newWorld>>;
let points: { id: string; unit_id: string }[];
let scopes: DashboardScope[];

beforeAll(async () => {
  t = await openTestDatabase();
  world = await newWorld(t.db);
  const otherCategory = await newCategory(t.db, world.organiser.id, '执法监管类');
  const sibling = await newUnit(t.db, { organiserId: world.organiser.id, categoryId: world.category.id });
  const other = await newUnit(t.db, { organiserId: world.organiser.id, categoryId: otherCategory.id });
  points = [
    world.servicePoint,
    await newServicePoint(t.db, world.unit.id, '2号窗口'),
    await newServicePoint(t.db, sibling.id),
    await newServicePoint(t.db, other.id),
  ];
  const cycleId = world.cycle.id;
  scopes = [
    { cycleId, categoryId: null, unitId: null },
    { cycleId, categoryId: world.category.id, unitId: null },
    { cycleId, categoryId: otherCategory.id, unitId: null },
    { cycleId, categoryId: world.category.id, unitId: world.unit.id },
  ];
}, 120_000);
afterAll(() => t.close());

/** The series as the dashboard computed them before the rollup: one pass over the ratings. */
async function directSeries(scope: DashboardScope) {
  const inScope = scope.unitId
    ? sql`u.id = ${scope.unitId}`
    : scope.categoryId
      ? sql`u.category_id = ${scope.categoryId}`
      : sql`TRUE`;
  const series = scope.unitId
    ? sql`r.service_point_id`
    : scope.categoryId
      ? sql`r.unit_id`
      : sql`u.category_id`;
  const { rows } = await sql<{
    day: string | null;
    week: string | null;
    series_id: string | null;
    n: number;
    satisfied: number;
  }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, to_char(week, 'YYYY-MM-DD') AS week, series_id,
           count(*)::int AS n, (count(*) FILTER (WHERE overall >= 4))::int AS satisfied
    FROM (
      SELECT (r.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
             date_trunc('week', r.created_at AT TIME ZONE 'Asia/Shanghai')::date AS week,
             ${series} AS series_id, r.overall
      FROM citizen_rating r JOIN unit u ON u.id = r.unit_id
      WHERE r.cycle_id = ${scope.cycleId} AND r.quarantine_state IN ('none', 'released') AND NOT r.malicious
        AND ${inScope}
    ) t
    GROUP BY GROUPING SETS ((day), (week, series_id))
    ORDER BY 1, 2, 3`.execute(t.db);
  return {
    perDay: rows.filter((r) => r.day !== null).map((r) => ({ day: r.day as string, n: r.n })),
    perWeek: rows
      .filter((r) => r.week !== null)
      .map((r) => ({
        week: r.week as string,
        seriesId: r.series_id as string,
        n: r.n,
        satisfied: r.satisfied,
      })),
  };
}

async function expectExact() {
  for (const scope of scopes) expect(await ratingSeries(t.db, scope)).toEqual(await directSeries(scope));
}

// Instants from Saturday 2026-03-07 to 2026-03-24 UTC, any minute: China midnight is 16:00 UTC,
// so the draws fall on both sides of day and week (Monday) boundaries.
const instant = fc
  .integer({ min: 0, max: 17 * 24 * 60 - 1 })
  .map((m) => new Date(Date.parse('2026-03-07T00:00:00Z') + m * 60_000));
const newRating = fc.record({
  point: fc.integer({ min: 0, max: 3 }),
  at: instant,
  overall: fc.integer({ min: 1, max: 5 }),
  held: fc.boolean(),
  malicious: fc.boolean(),
});
/** A subset of the ratings: those whose id leaves remainder `r` modulo `k`. */
const subset = fc.record({ k: fc.integer({ min: 1, max: 4 }), r: fc.integer({ min: 0, max: 3 }) });
const action = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    rows: fc.array(newRating, { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('release' as const), subset }),
  fc.record({ kind: fc.constant('reject' as const), subset }),
  fc.record({ kind: fc.constant('malicious' as const), subset, value: fc.boolean() }),
  // Deletes take at most half, so the ratings accumulate across runs.
  fc.record({ kind: fc.constant('delete' as const), subset: subset.filter((s) => s.k >= 2) }),
  fc.record({ kind: fc.constant('comment' as const), subset }),
  fc.record({ kind: fc.constant('move' as const), subset, at: instant }),
  fc.record({
    kind: fc.constant('rolled_back' as const),
    rows: fc.array(newRating, { minLength: 1, maxLength: 4 }),
  }),
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

function insertRows(rows: Extract<Action, { kind: 'insert' }>['rows']) {
  return rows.map((r) => {
    const point = points[r.point] as { id: string; unit_id: string };
    return {
      cycle_id: world.cycle.id,
      unit_id: point.unit_id,
      service_point_id: point.id,
      source: 'window_qr' as const,
      overall: r.overall,
      aspect_answers: { efficiency: r.overall },
      quarantine_state: r.held ? 'quarantined' : 'none',
      quarantine_reason: r.held ? 'burst' : null,
      malicious: r.malicious,
      idempotency_key: randomUUID(),
      created_at: r.at,
    };
  });
}

async function apply(a: Action) {
  const inSubset = (s: { k: number; r: number }) => sql<boolean>`id % ${s.k} = ${s.r % s.k}`;
  const ratings = () => t.db.updateTable('citizen_rating').where('cycle_id', '=', world.cycle.id);
  switch (a.kind) {
    case 'insert':
      await t.db.insertInto('citizen_rating').values(insertRows(a.rows)).execute();
      return;
    case 'release':
    case 'reject':
      await ratings()
        .set({ quarantine_state: a.kind === 'release' ? 'released' : 'rejected' })
        .where('quarantine_state', '=', 'quarantined')
        .where(inSubset(a.subset))
        .execute();
      return;
    case 'malicious':
      await ratings().set({ malicious: a.value }).where(inSubset(a.subset)).execute();
      return;
    case 'comment':
      await ratings().set({ comment: '窗口人员很耐心' }).where(inSubset(a.subset)).execute();
      return;
    case 'move':
      await ratings().set({ created_at: a.at }).where(inSubset(a.subset)).execute();
      return;
    case 'delete':
      await t.db
        .deleteFrom('citizen_rating')
        .where('cycle_id', '=', world.cycle.id)
        .where(inSubset(a.subset))
        .execute();
      return;
    case 'rolled_back':
      await t.db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('citizen_rating').values(insertRows(a.rows)).execute();
          throw new Error('roll back');
        })
        .catch(() => undefined);
      return;
  }
}

describe('citizen rating week rollup', () => {
  it('equals a direct aggregate over the ratings after any sequence of writes', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
        for (const a of actions) await apply(a);
        await expectExact();
        const { n } = await t.db
          .selectFrom('citizen_rating')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        compared += Number(n);
      }),
      { numRuns: 40 },
    );
    // Not a vacuous pass: the runs compared series over many ratings in all.
    expect(compared).toBeGreaterThan(100);
  }, 300_000);

  it("the migration's backfill rebuilds the same rollup from existing ratings", async () => {
    const rows = fc.sample(newRating, { numRuns: 60, seed: 20261224 });
    await t.db.insertInto('citizen_rating').values(insertRows(rows)).execute();
    const before = await Promise.all(scopes.map((s) => ratingSeries(t.db, s)));
    expect(before[0]?.perDay.length).toBeGreaterThan(0);
    const migration = readFileSync(
      new URL('../../../migrations/20261224000000_citizen_rating_week_rollup.sql', import.meta.url),
      'utf8',
    );
    const backfill = migration.slice(migration.indexOf('-- Ratings that existed before this migration.'));
    await t.db.deleteFrom('citizen_rating_week_rollup').execute();
    expect((await ratingSeries(t.db, scopes[0] as DashboardScope)).perDay).toEqual([]);
    await sql.raw(backfill).execute(t.db);
    expect(await Promise.all(scopes.map((s) => ratingSeries(t.db, s)))).toEqual(before);
  });
});
