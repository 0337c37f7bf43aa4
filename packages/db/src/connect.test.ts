// Both engines must look the same to callers, and PGlite must not mix up concurrent work.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRawAccess } from './connect.ts';
import { newWorld } from './testing/factories.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let t: TestDatabase;
let world: Awaited<ReturnType<typeof newWorld>>;
beforeAll(async () => {
  t = await openTestDatabase();
  world = await newWorld(t.db);
});
afterAll(() => t.close());

describe('result normalisation', () => {
  it('returns counts and numerics as numbers, dates as strings, instants as Dates', async () => {
    const row = await t.db
      .selectFrom('cycle')
      .select((eb) => [
        eb.fn.countAll().as('n'),
        sql<number>`12.345::numeric(6,3)`.as('weight'),
        sql<string>`max(starts_on)`.as('starts_on'),
        sql<Date>`max(created_at)`.as('created_at'),
        sql<unknown>`'{"a":[1,2]}'::jsonb`.as('doc'),
      ])
      .executeTakeFirstOrThrow();
    expect(row.n).toBe(1);
    expect(row.weight).toBe(12.345);
    expect(row.starts_on).toBe('2026-01-01');
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.doc).toEqual({ a: [1, 2] });
  });

  it('stores objects in jsonb columns and bytes in bytea columns', async () => {
    const updated = await t.db
      .updateTable('cycle')
      .set({ policy: { minCitizenSample: 30, thresholds: [90, 80, 60] } })
      .where('id', '=', world.cycle.id)
      .returning('policy')
      .executeTakeFirstOrThrow();
    expect(updated.policy).toEqual({ minCitizenSample: 30, thresholds: [90, 80, 60] });
    const device = await t.db
      .insertInto('rating_device')
      .values({
        service_point_id: world.servicePoint.id,
        name: '窗口评价器',
        kind: 'tablet',
        api_key_hash: new Uint8Array([1, 2, 3, 255]),
        api_key_prefix: 'dev_',
      })
      .returning('api_key_hash')
      .executeTakeFirstOrThrow();
    expect([...device.api_key_hash]).toEqual([1, 2, 3, 255]);
  });
});

describe('concurrency', () => {
  it('keeps a query outside a transaction out of that transaction', async () => {
    let releaseTx!: () => void;
    const holdTx = new Promise<void>((resolve) => {
      releaseTx = resolve;
    });
    const txDone = t.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('unit_category')
          .values({
            organiser_id: world.organiser.id,
            code: 'rolled-back',
            name: '回滚',
          })
          .execute();
        await holdTx;
        throw new Error('roll back on purpose');
      })
      .catch((e: Error) => e.message);
    // Issued while the transaction above is open; must not be swallowed by its rollback.
    const outside = t.db
      .insertInto('unit_category')
      .values({ organiser_id: world.organiser.id, code: 'kept', name: '保留' })
      .execute();
    await new Promise((r) => setTimeout(r, 50));
    releaseTx();
    expect(await txDone).toBe('roll back on purpose');
    await outside;
    const codes = await t.db
      .selectFrom('unit_category')
      .select('code')
      .where('code', 'in', ['kept', 'rolled-back'])
      .execute();
    expect(codes.map((c) => c.code)).toEqual(['kept']);
  });
});

describe('pipelined statements', () => {
  it('run in the order they were started, in one transaction, and a failure rolls it all back', async () => {
    await sql`CREATE TABLE IF NOT EXISTS pipeline_probe (n integer NOT NULL)`.execute(t.db);
    const pipeline = (statements: ReturnType<typeof sql>[]) =>
      getRawAccess(t.db).pipelined(async (send) => {
        const runs = statements.map((s) => send(s.compile(t.db)));
        try {
          return await Promise.all(runs);
        } catch (error) {
          await send(sql`ROLLBACK`.compile(t.db)).catch(() => undefined);
          throw error;
        }
      });
    const answers = await pipeline([
      sql`BEGIN`,
      sql`INSERT INTO pipeline_probe VALUES (1)`,
      sql`INSERT INTO pipeline_probe VALUES (2)`,
      sql`SELECT count(*)::integer AS n FROM pipeline_probe`,
      sql`COMMIT`,
    ]);
    expect(answers[3]).toEqual([{ n: 2 }]);
    // A NULL breaks the third statement: the ones before it are rolled back with it.
    await expect(
      pipeline([
        sql`BEGIN`,
        sql`INSERT INTO pipeline_probe VALUES (3)`,
        sql`INSERT INTO pipeline_probe VALUES (NULL)`,
        sql`INSERT INTO pipeline_probe VALUES (4)`,
        sql`COMMIT`,
      ]),
    ).rejects.toThrow(/null value/);
    // Nothing of the failed pipeline, and the connection went back without an open transaction.
    const rows = await sql<{ n: number }>`SELECT n FROM pipeline_probe ORDER BY n`.execute(t.db);
    expect(rows.rows.map((r) => r.n)).toEqual([1, 2]);
    const after = await pipeline([sql`SELECT count(*)::integer AS n FROM pipeline_probe`]);
    expect(after[0]).toEqual([{ n: 2 }]);
    await sql`DROP TABLE pipeline_probe`.execute(t.db);
  });
});

describe('closing', () => {
  it('waits for the queries and transactions still running, finishes them, and closes', async () => {
    const other = await openTestDatabase();
    await sql`SELECT 1`.execute(other.db);
    const query = sql<{ n: number }>`SELECT 1 AS n FROM pg_sleep(0.2)`.execute(other.db);
    const transaction = other.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_sleep(0.2)`.execute(trx);
      return (await sql<{ n: number }>`SELECT 2 AS n`.execute(trx)).rows[0]?.n;
    });
    await new Promise((r) => setTimeout(r, 50));
    // postgres.js 3.4.9 alone never finished closing here (connect.ts returnReservationsBeforeEnd).
    const closed = other.close().then(() => 'closed');
    const hung = new Promise((r) => setTimeout(() => r('still closing after 10 s'), 10_000));
    expect(await Promise.race([closed, hung])).toBe('closed');
    expect((await query).rows[0]?.n).toBe(1);
    expect(await transaction).toBe(2);
  });
});
