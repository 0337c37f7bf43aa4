import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('health endpoints', () => {
  it('GET /healthz answers while the process is up', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz reports a reachable database with current migrations', async () => {
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      database: 'reachable',
      migrations: { current: true, pending: [] },
      parts: {
        writes: 'primary',
        laggingReads: {
          uses: 'primary',
          reason: 'no replica configured',
          replicaLagSeconds: null,
          fallbacks: 0,
        },
      },
    });
  });

  it('GET /readyz answers 503 when the schema is behind', async () => {
    await t.db
      .insertInto('schema_migration' as never)
      .values({ name: '29990101000000_future_thing.sql', checksum: 'x' } as never)
      .execute();
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; migrations: { problem?: string } };
    expect(body.status).toBe('not_ready');
    expect(body.migrations.problem).toMatch(/29990101000000_future_thing\.sql/);
    await t.db
      .deleteFrom('schema_migration' as never)
      .where('name' as never, '=', '29990101000000_future_thing.sql' as never)
      .execute();
  });
});
