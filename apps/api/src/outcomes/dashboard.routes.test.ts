import { dashboardResponseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let organiser: Record<string, string>;
let liaison: Record<string, string>;
let cycleId: string;
let liaisonUnitId: string;
const PASSWORD = 'kaimen-demo-2026';

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 6000 });
  cycleId = plan.cycle.id;
  liaisonUnitId = plan.units.find((u) => u.code === 'gov-service-centre')!.id;
  organiser = await signInAs(t, 'organiser', PASSWORD);
  liaison = await signInAs(t, 'liaison', PASSWORD);
}, 120_000);
afterAll(() => t.close());

const dashboard = async (query = '', headers = organiser) => {
  const res = await t.app.request(`/v1/cycles/${cycleId}/dashboard${query}`, { headers });
  expect(res.status).toBe(200);
  return dashboardResponseSchema.parse(await res.json());
};

/** Counted ratings straight from the ratings table, as the scoring engine counts them. */
async function counted(where = sql`TRUE`) {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM citizen_rating r JOIN unit u ON u.id = r.unit_id
    WHERE r.cycle_id = ${cycleId} AND r.quarantine_state IN ('none', 'released') AND NOT r.malicious
      AND ${where}`.execute(t.db);
  return rows[0]!.n;
}

describe('cycle dashboard', () => {
  it('counts, at cycle level, every counted rating once per day and once per week and category', async () => {
    const d = await dashboard();
    expect(d.scope.level).toBe('cycle');
    const total = await counted();
    expect(total).toBeGreaterThan(1000);
    expect(d.ratingsPerDay.reduce((a, r) => a + r.n, 0)).toBe(total);
    expect(d.satisfactionTrend.reduce((a, r) => a + r.n, 0)).toBe(total);
    expect(d.children.reduce((a, c) => a + c.n, 0)).toBe(total);
    // Days ascend and are China calendar days.
    const days = d.ratingsPerDay.map((r) => r.day);
    expect(days).toEqual([...days].sort());
    // Every trend line is a category; weeks start on Mondays.
    const categories = new Set(d.children.map((c) => c.id));
    for (const p of d.satisfactionTrend) {
      expect(categories.has(p.seriesId)).toBe(true);
      expect(new Date(`${p.week}T00:00:00Z`).getUTCDay()).toBe(1);
      if (p.n < d.minCitizenSample) expect(p.satisfiedShare).toBeNull();
      else expect(p.satisfiedShare).not.toBeNull();
    }
  });

  it('counts open cases by deadline, as many as are open', async () => {
    const d = await dashboard();
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM negative_rating_case c JOIN citizen_rating r ON r.id = c.rating_id
      WHERE r.cycle_id = ${cycleId} AND c.state <> 'closed'`.execute(t.db);
    expect(d.caseDeadlines.map((b) => b.bucket)).toEqual(['overdue', 'due_0_2', 'due_3_7', 'due_later']);
    expect(d.caseDeadlines.reduce((a, b) => a + b.n, 0)).toBe(rows[0]!.n);
  });

  it('drills down to a category and to a unit, each level counting only what is in it', async () => {
    const top = await dashboard();
    const category = top.children.find((c) => c.n > 0)!;
    const d = await dashboard(`?category=${category.id}`);
    expect(d.scope).toMatchObject({ level: 'category', category: { id: category.id }, unit: null });
    expect(d.ratingsPerDay.reduce((a, r) => a + r.n, 0)).toBe(category.n);
    expect(d.ranks.length).toBe(d.children.length);
    const unit = d.children.find((c) => c.n > 0)!;
    const u = await dashboard(`?unit=${unit.id}`);
    expect(u.scope).toMatchObject({ level: 'unit', category: { id: category.id }, unit: { id: unit.id } });
    expect(u.ratingsPerDay.reduce((a, r) => a + r.n, 0)).toBe(await counted(sql`u.id = ${unit.id}`));
    expect(u.ranks.map((r) => r.unitId)).toEqual([unit.id]);
    // A unit asked for with some other category is still shown in its own.
    const other = top.children.find((c) => c.id !== category.id)!;
    const mixed = await dashboard(`?unit=${unit.id}&category=${other.id}`);
    expect(mixed.scope.category?.id).toBe(category.id);
    expect(mixed.ratingsPerDay).toEqual(u.ratingsPerDay);
    // The unit's service points are its children and the only rows of the negative-rate chart.
    const points = new Set(u.children.map((c) => c.id));
    for (const p of u.negativeRate) expect(points.has(p.servicePointId)).toBe(true);
  });

  it('shows a negative rate only at or above the minimum sample, worst first', async () => {
    const d = await dashboard();
    expect(d.negativeRate.length).toBeGreaterThan(0);
    let lastRate = Number.POSITIVE_INFINITY;
    let suppressedSeen = false;
    for (const p of d.negativeRate) {
      if (p.n < d.minCitizenSample) {
        expect(p.rate).toBeNull();
        suppressedSeen = true;
      } else {
        expect(suppressedSeen).toBe(false);
        expect(p.rate).toBeCloseTo(p.negative / p.n, 2);
        expect(p.rate!).toBeLessThanOrEqual(lastRate);
        lastRate = p.rate!;
      }
    }
  });

  it('stacks channel contributions and bins composites once a revision is computed', async () => {
    const before = await dashboard();
    expect(before.channels.revision).toBeNull();
    expect(before.scoreHistogram.source).toBe('live');
    const res = await t.app.request(`/v1/cycles/${cycleId}/outcomes`, {
      ...json({}),
      headers: { ...json({}).headers, ...organiser },
    });
    expect(res.status).toBe(201);
    const after = await dashboard();
    expect(after.channels.revision?.revision).toBe(1);
    expect(after.scoreHistogram.source).toBe('revision');
    // At cycle level one bar per category that has units.
    expect(after.channels.rows.map((r) => r.id).sort()).toEqual(after.children.map((c) => c.id).sort());
    for (const row of after.channels.rows) expect(row.contributions.length).toBeGreaterThan(0);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM unit_outcome o JOIN outcome_revision r ON r.id = o.revision_id
      WHERE r.cycle_id = ${cycleId} AND o.composite IS NOT NULL`.execute(t.db);
    expect(after.scoreHistogram.bins.reduce((a, b) => a + b.n, 0)).toBe(rows[0]!.n);
    const category = after.children[0]!;
    const inCategory = await dashboard(`?category=${category.id}`);
    expect(inCategory.channels.rows.map((r) => r.id).sort()).toEqual(
      inCategory.children.map((c) => c.id).sort(),
    );
  });

  it('offers the numbers behind each chart as CSV with a BOM and bilingual headers', async () => {
    const d = await dashboard();
    const res = await t.app.request(`/v1/cycles/${cycleId}/dashboard/ratings_per_day.csv`, {
      headers: organiser,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(bytes.slice(3)).toString('utf8')) as string[][];
    expect(rows[0]).toEqual(['日期 day', '评价数 n']);
    expect(rows.slice(1).map((r) => [r[0], Number(r[1])])).toEqual(d.ratingsPerDay.map((r) => [r.day, r.n]));
    const negative = parse(
      Buffer.from(
        await (
          await t.app.request(`/v1/cycles/${cycleId}/dashboard/negative_rate.csv`, { headers: organiser })
        ).arrayBuffer(),
      )
        .toString('utf8')
        .slice(1),
    ) as string[][];
    // A suppressed rate is an empty cell, its n kept.
    for (const [i, p] of d.negativeRate.entries())
      expect(negative[i + 1]![4]).toBe(p.rate === null ? '' : String(p.rate));
  });

  it('refuses an unknown chart, a malformed id, and another organiser’s category', async () => {
    const unknown = await t.app.request(`/v1/cycles/${cycleId}/dashboard/pie.csv`, { headers: organiser });
    expect(unknown.status).toBe(400);
    const malformed = await t.app.request(`/v1/cycles/${cycleId}/dashboard?category=nope`, {
      headers: organiser,
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toBeTruthy();
    const foreign = await t.app.request(
      `/v1/cycles/${cycleId}/dashboard?category=00000000-0000-4000-8000-000000000000`,
      { headers: organiser },
    );
    expect(foreign.status).toBe(404);
  });

  it('shows a unit liaison its own unit only, whatever it asks for', async () => {
    const top = await dashboard();
    const other = (await dashboard(`?category=${top.children[0]!.id}`)).children.find(
      (c) => c.id !== liaisonUnitId,
    )!;
    const d = await dashboard(`?unit=${other.id}`, liaison);
    expect(d.scope.level).toBe('unit');
    expect(d.scope.unit?.id).toBe(liaisonUnitId);
    expect(d.ranks.map((r) => r.unitId)).toEqual([liaisonUnitId]);
    expect(d.ratingsPerDay.reduce((a, r) => a + r.n, 0)).toBe(await counted(sql`u.id = ${liaisonUnitId}`));
    // Unpublished revisions stay the organiser's.
    expect(d.channels.revision).toBeNull();
  });
});
