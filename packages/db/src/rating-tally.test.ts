// The live-standings tally must always equal a recount of the counted ratings, whatever
// statement changed them: multi-row inserts, quarantine review, malicious marking, deletes,
// and statements that roll back.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenTallies } from './repositories/standings.repository.ts';
import { newServicePoint, newWorld, ratingValues } from './testing/factories.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let t: TestDatabase;
let world: Awaited<ReturnType<typeof newWorld>>;
let second: { id: string };
beforeAll(async () => {
  t = await openTestDatabase();
  world = await newWorld(t.db);
  second = await newServicePoint(t.db, world.unit.id, '2号窗口');
});
afterAll(() => t.close());

async function tally() {
  const rows = await citizenTallies(t.db, world.cycle.id);
  return rows.map((r) => `${r.service_point_id}/${r.verified}/${r.overall}=${r.n}`).sort();
}

async function recount() {
  const { rows } = await sql<{ service_point_id: string; verified: boolean; overall: number; n: number }>`
    SELECT service_point_id, verified, overall, count(*)::int AS n FROM citizen_rating
    WHERE cycle_id = ${world.cycle.id} AND quarantine_state IN ('none', 'released') AND NOT malicious
    GROUP BY 1, 2, 3`.execute(t.db);
  return rows.map((r) => `${r.service_point_id}/${r.verified}/${r.overall}=${r.n}`).sort();
}

async function aspectTally() {
  const rows = await t.db
    .selectFrom('citizen_aspect_tally')
    .select(['service_point_id', 'verified', 'aspect_code', 'level', 'n'])
    .where('cycle_id', '=', world.cycle.id)
    .where('n', '>', 0)
    .orderBy('service_point_id')
    .orderBy('verified')
    .orderBy('aspect_code')
    .orderBy('level')
    .execute();
  return rows.map((r) => `${r.service_point_id}/${r.verified}/${r.aspect_code}/${r.level}=${r.n}`);
}

async function aspectRecount() {
  const { rows } = await sql<{
    service_point_id: string;
    verified: boolean;
    key: string;
    level: number;
    n: number;
  }>`
    SELECT service_point_id, verified, a.key, a.value::int AS level, count(*)::int AS n
    FROM citizen_rating, jsonb_each_text(aspect_answers) a
    WHERE cycle_id = ${world.cycle.id} AND quarantine_state IN ('none', 'released') AND NOT malicious
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(t.db);
  return rows.map((r) => `${r.service_point_id}/${r.verified}/${r.key}/${r.level}=${r.n}`);
}

async function expectExact() {
  expect(await tally()).toEqual(await recount());
  expect(await aspectTally()).toEqual(await aspectRecount());
}

const rating = (overall: number, servicePointId = world.servicePoint.id, extra = {}) => ({
  ...ratingValues(world),
  service_point_id: servicePointId,
  overall,
  aspect_answers: { efficiency: Math.max(1, overall - 1), attitude: overall },
  idempotency_key: randomUUID(),
  ...extra,
});

describe('citizen rating tally', () => {
  it('counts a multi-row insert, leaving quarantined rows out', async () => {
    await t.db
      .insertInto('citizen_rating')
      .values([
        rating(5),
        rating(5),
        rating(1),
        rating(3, second.id),
        rating(4, second.id, { quarantine_state: 'quarantined', quarantine_reason: 'burst' }),
      ])
      .execute();
    await expectExact();
    expect(await tally()).toHaveLength(3);
    expect((await aspectTally()).length).toBeGreaterThan(3);
  });

  it('follows quarantine releases, rejections and malicious marks', async () => {
    await t.db
      .updateTable('citizen_rating')
      .set({ quarantine_state: 'released' })
      .where('quarantine_state', '=', 'quarantined')
      .execute();
    await expectExact();
    await t.db
      .updateTable('citizen_rating')
      .set({ malicious: true })
      .where('overall', '=', 1)
      .where('cycle_id', '=', world.cycle.id)
      .execute();
    await t.db
      .updateTable('citizen_rating')
      .set({ quarantine_state: 'rejected', quarantine_reason: 'identical' })
      .where('service_point_id', '=', second.id)
      .where('overall', '=', 3)
      .execute();
    await expectExact();
    // An update that changes nothing counted must not drift the tally either.
    await t.db.updateTable('citizen_rating').set({ comment: '很好' }).execute();
    await expectExact();
  });

  it('is untouched by a statement that rolls back', async () => {
    const before = [await tally(), await aspectTally()];
    await expect(
      t.db
        .insertInto('citizen_rating')
        .values([rating(2), { ...rating(2), overall: 9 }])
        .execute(),
    ).rejects.toThrow();
    expect([await tally(), await aspectTally()]).toEqual(before);
  });

  it('subtracts deleted rows', async () => {
    await t.db.deleteFrom('callback_contact').execute();
    await t.db.deleteFrom('citizen_rating').where('overall', '=', 5).execute();
    await expectExact();
  });
});
