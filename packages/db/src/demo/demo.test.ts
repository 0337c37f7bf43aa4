import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildDemoPlan, DEFAULT_DEMO_OPTIONS } from './demo-plan.ts';
import { generateDemoRatings } from './demo-ratings.ts';
import { isDatabaseEmpty, seedDemo } from './seed-demo.ts';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const ratingsDigest = (seed: number) => {
  const plan = buildDemoPlan({ ...DEFAULT_DEMO_OPTIONS, seed });
  return digest([...generateDemoRatings(plan, { count: 3000, batchSize: 700 })]);
};

describe('demo generator', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    expect(digest(buildDemoPlan())).toBe(digest(buildDemoPlan()));
    expect(ratingsDigest(1)).toBe(ratingsDigest(1));
    expect(ratingsDigest(1)).not.toBe(ratingsDigest(2));
  });

  it('builds a realistic province: 3–4 categories, ~40 units, ~120 windows, 30 representatives', () => {
    const plan = buildDemoPlan();
    expect(plan.categories).toHaveLength(4);
    expect(plan.units.length).toBe(40);
    expect(plan.servicePoints.length).toBeGreaterThanOrEqual(100);
    expect(plan.servicePoints.length).toBeLessThanOrEqual(140);
    expect(plan.evaluators).toHaveLength(30);
    // Sibling weights sum to 100 in every category's tree, and channel weights too.
    const sums = new Map<string, number>();
    for (const i of plan.indicators) {
      const key = `${i.category_id}/${i.parent_id}`;
      sums.set(key, (sums.get(key) ?? 0) + i.weight);
    }
    expect(new Set(sums.values())).toEqual(new Set([100]));
    const channelSums = new Map<string, number>();
    for (const w of plan.channelWeights)
      channelSums.set(w.category_id, (channelSums.get(w.category_id) ?? 0) + w.weight);
    expect(new Set(channelSums.values())).toEqual(new Set([100]));
  });

  it('streams ratings in batches with plausible differences between units', () => {
    const plan = buildDemoPlan();
    const batches = [...generateDemoRatings(plan, { count: 20_000, batchSize: 1000 })];
    expect(batches).toHaveLength(20);
    const ratings = batches.flat();
    const byUnit = new Map<string, number[]>();
    for (const r of ratings) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r.overall]);
    const means = [...byUnit.values()]
      .filter((v) => v.length >= 50)
      .map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(0.3);
    const negativeShare = ratings.filter((r) => r.overall <= 2).length / ratings.length;
    expect(negativeShare).toBeGreaterThan(0.02);
    expect(negativeShare).toBeLessThan(0.25);
  });
});

describe('seedDemo', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  it('fills an empty database that satisfies every constraint, with cases for negative comments', async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await seedDemo(t.db, { ratings: 5000 });
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    const count = async (
      table: 'unit' | 'service_point' | 'citizen_rating' | 'staff_user' | 'negative_rating_case',
    ) =>
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    expect(await count('unit')).toBe(40);
    expect(await count('citizen_rating')).toBe(5000);
    expect(await count('staff_user')).toBe(7);
    const negativesWithComment = await t.db
      .selectFrom('citizen_rating')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('overall', '<=', 2)
      .where('comment', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(await count('negative_rating_case')).toBe(negativesWithComment.n);
    expect(negativesWithComment.n).toBeGreaterThan(0);
  });
});
