// The database itself refuses rows that must never exist, whatever the application does.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newServicePoint, newUnit, newWorld, ratingValues } from './testing/factories.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let t: TestDatabase;
let world: Awaited<ReturnType<typeof newWorld>>;
beforeAll(async () => {
  t = await openTestDatabase();
  world = await newWorld(t.db);
});
afterAll(() => t.close());

describe('constraints', () => {
  it('accept a valid citizen rating', async () => {
    const row = await t.db
      .insertInto('citizen_rating')
      .values(ratingValues(world))
      .returning(['id', 'overall', 'aspect_answers'])
      .executeTakeFirstOrThrow();
    expect(row.overall).toBe(5);
    expect(row.aspect_answers).toEqual({ efficiency: 4 });
  });

  it.each([0, 6])('reject an overall answer of %i', async (overall) => {
    await expect(
      t.db
        .insertInto('citizen_rating')
        .values({ ...ratingValues(world), overall })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it.each([{ efficiency: 6 }, { efficiency: 0 }, { efficiency: 2.5 }, { efficiency: '3' }])(
    'reject aspect answers %j',
    async (answers) => {
      await expect(
        t.db
          .insertInto('citizen_rating')
          .values({ ...ratingValues(world), aspect_answers: answers })
          .execute(),
      ).rejects.toThrow(/check constraint/);
    },
  );

  it('reject a comment over 500 characters', async () => {
    await expect(
      t.db
        .insertInto('citizen_rating')
        .values({ ...ratingValues(world), comment: '好'.repeat(501) })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('reject a second rating with the same idempotency key', async () => {
    const values = ratingValues(world);
    await t.db.insertInto('citizen_rating').values(values).execute();
    await expect(t.db.insertInto('citizen_rating').values(values).execute()).rejects.toThrow(/duplicate key/);
  });

  it("reject a rating whose unit is not its service point's unit", async () => {
    const other = await newUnit(t.db, { organiserId: world.organiser.id, categoryId: world.category.id });
    await expect(
      t.db
        .insertInto('citizen_rating')
        .values({ ...ratingValues(world), unit_id: other.id })
        .execute(),
    ).rejects.toThrow(/foreign key constraint "citizen_rating_service_point_unit_fkey"/);
    // The same rating at a window of that unit is fine.
    const window = await newServicePoint(t.db, other.id);
    await t.db
      .insertInto('citizen_rating')
      .values({ ...ratingValues(world), unit_id: other.id, service_point_id: window.id })
      .execute();
  });

  it('reject a rating at a service point that does not exist', async () => {
    await expect(
      t.db
        .insertInto('citizen_rating')
        .values({ ...ratingValues(world), service_point_id: '00000000-0000-4000-8000-000000000000' })
        .execute(),
    ).rejects.toThrow(/foreign key constraint/);
  });

  it('reject a quarantined rating without a reason', async () => {
    await expect(
      t.db
        .insertInto('citizen_rating')
        .values({ ...ratingValues(world), quarantine_state: 'quarantined' })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it.each([-1, 100.5])('reject a channel weight of %d', async (weight) => {
    await expect(
      t.db
        .insertInto('channel_weight')
        .values({
          cycle_id: world.cycle.id,
          category_id: world.category.id,
          channel: 'citizen',
          weight,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('reject an unknown channel and an unknown cycle state', async () => {
    await expect(
      t.db
        .insertInto('channel_weight')
        .values({
          cycle_id: world.cycle.id,
          category_id: world.category.id,
          channel: 'astrologer',
          weight: 10,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      t.db.updateTable('cycle').set({ state: 'finished' }).where('id', '=', world.cycle.id).execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('reject a negative service volume and a service point of a missing unit', async () => {
    await expect(
      t.db
        .insertInto('service_volume')
        .values({
          service_point_id: world.servicePoint.id,
          period_start: '2026-01-01',
          period_end: '2026-01-31',
          volume: -5,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      t.db
        .insertInto('service_point')
        .values({ unit_id: '00000000-0000-4000-8000-000000000000', code: 'x1', name: '窗口' })
        .execute(),
    ).rejects.toThrow(/foreign key/);
  });

  it('reject more verified complaints than complaints', async () => {
    const user = await t.db
      .insertInto('staff_user')
      .values({
        organisation_id: world.organiser.id,
        login: 'petition.one',
        display_name: '信访',
        password_hash: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('petition_opinion')
        .values({
          cycle_id: world.cycle.id,
          unit_id: world.unit.id,
          source_organisation_id: world.organiser.id,
          period_start: '2026-01-01',
          period_end: '2026-06-30',
          complaint_count: 2,
          verified_complaint_count: 3,
          created_by: user.id,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('keep the audit log append-only', async () => {
    const entry = await t.db
      .insertInto('audit_log')
      .values({ actor_kind: 'system', action: 'cycle.create', entity: 'cycle', entity_id: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      t.db.updateTable('audit_log').set({ action: 'cycle.delete' }).where('id', '=', entry.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').where('id', '=', entry.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('keep an outcome revision immutable except its publication state', async () => {
    const revision = await t.db
      .insertInto('outcome_revision')
      .values({ cycle_id: world.cycle.id, revision: 1, inputs_hash: 'a'.repeat(64), config: {} })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('outcome_revision')
      .set({ state: 'published', published_at: new Date() })
      .where('id', '=', revision.id)
      .execute();
    await expect(
      t.db
        .updateTable('outcome_revision')
        .set({ inputs_hash: 'b'.repeat(64) })
        .where('id', '=', revision.id)
        .execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      t.db
        .insertInto('outcome_revision')
        .values({ cycle_id: world.cycle.id, revision: 2, inputs_hash: 'c'.repeat(64), config: {} })
        .execute(),
    ).rejects.toThrow(/check constraint/); // a correction needs a reason
  });

  it('reject a session that belongs to nobody', async () => {
    await expect(
      t.db
        .insertInto('session')
        .values({
          token_hash: new Uint8Array(32),
          expires_at: new Date(Date.now() + 3_600_000),
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });
});
