// The batch write's failure path: a batch that breaks is rolled back whole (its counter bumps
// included) and its ratings are retried one by one, so one bad row never fails its neighbours
// and nothing is counted twice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/test-app.ts';
import { citizenWorld } from './citizen-world.ts';
import { type PreparedRating, RatingBatcher } from './rating-batcher.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
const NOW = new Date('2026-09-29T02:00:00Z');
const MINUTE = new Date('2026-09-29T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
});
afterAll(() => t.close());

function prepared(bucket: string, overrides: Partial<PreparedRating['rating']> = {}): PreparedRating {
  return {
    rating: {
      cycleId: w.cycle.id,
      unitId: w.unit.id,
      servicePointId: w.servicePoint.id,
      source: 'window_qr',
      verified: false,
      visitTokenId: null,
      deviceId: null,
      overall: 4,
      aspects: { efficiency: 4 },
      comment: null,
      quarantineReason: null,
      idempotencyKey: randomUUID(),
      caseDueOn: null,
      phoneEncrypted: null,
      now: NOW,
      ...overrides,
    },
    visitTokenHash: null,
    counters: [{ role: 'burst', bucket, windowStart: MINUTE }],
    signals: { fillSeconds: undefined, honeypotFilled: false },
    limits: {
      ipPerMinute: 1000,
      raterPerDay: 3,
      minFillSeconds: 3,
      burstPerMinute: 1000,
      identicalPer10Minutes: 1000,
      windowBound: null,
    },
  };
}

const hits = async (bucket: string) =>
  (await t.db.selectFrom('rate_limit_counter').select('hits').where('bucket', '=', bucket).executeTakeFirst())
    ?.hits ?? 0;

describe('rating batcher', () => {
  it('stores the good ratings of a broken batch once each and counts each once', async () => {
    const batcher = new RatingBatcher(t.db);
    const bucket = `test:${randomUUID()}`;
    const good = Array.from({ length: 6 }, () => prepared(bucket));
    // A cycle that does not exist breaks the insert (foreign key) for the whole batch.
    const bad = prepared(bucket, { cycleId: randomUUID() });
    const items = [...good.slice(0, 3), bad, ...good.slice(3)];
    const answers = await Promise.allSettled(items.map((item) => batcher.submit(item)));

    expect(answers.map((a) => a.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const rows = await t.db
      .selectFrom('citizen_rating')
      .select(['id', 'idempotency_key'])
      .where(
        'idempotency_key',
        'in',
        items.map((i) => i.rating.idempotencyKey),
      )
      .execute();
    expect(rows.map((r) => r.idempotency_key).sort()).toEqual(
      good.map((g) => g.rating.idempotencyKey).sort(),
    );
    const ids = answers.flatMap((a) => (a.status === 'fulfilled' ? [Number(a.value.ratingId)] : []));
    expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
    // A failed batch's bumps are rolled back with it (the bad rating's own retry too):
    // only the stored ratings are counted, each once.
    expect(await hits(bucket)).toBe(good.length);
  });

  it('answers a key sent twice in one batch with the one stored rating', async () => {
    const batcher = new RatingBatcher(t.db);
    const item = prepared(`test:${randomUUID()}`);
    const [a, b] = await Promise.all([batcher.submit(item), batcher.submit(item)]);
    expect(a).toEqual(b);
    const rows = await t.db
      .selectFrom('citizen_rating')
      .select('id')
      .where('idempotency_key', '=', item.rating.idempotencyKey)
      .execute();
    expect(rows).toEqual([{ id: Number(a.ratingId) }]);
  });
});

describe('rating batcher limits', () => {
  it('counts a retry of a stored rating against no limit', async () => {
    const batcher = new RatingBatcher(t.db);
    const bucket = `test:${randomUUID()}`;
    const item = prepared(bucket);
    const first = await batcher.submit(item);
    expect(await hits(bucket)).toBe(1);
    // Retried alone, then beside a new rating in one batch.
    expect(await batcher.submit(item)).toEqual(first);
    const other = prepared(bucket);
    const [again, fresh] = await Promise.all([batcher.submit(item), batcher.submit(other)]);
    expect(again).toEqual(first);
    expect(fresh.ratingId).not.toBe(first.ratingId);
    expect(await hits(bucket)).toBe(2);
  });
});
