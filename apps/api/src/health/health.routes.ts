// /healthz: the process is up. /readyz: the database answers and its schema is current,
// so a load balancer only sends traffic to instances that can serve it.
import type { ReadyResponse } from '@kaimen/contracts';
import { migrationStatus } from '@kaimen/db';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../deps.ts';

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' as const }))
  .get('/readyz', async (c) => {
    const { db } = c.var.deps;
    let body: ReadyResponse;
    try {
      await sql`SELECT 1`.execute(db);
      const migrations = await migrationStatus(db);
      body = {
        status: migrations.current ? 'ready' : 'not_ready',
        database: 'reachable',
        migrations,
      };
    } catch {
      body = {
        status: 'not_ready',
        database: 'unreachable',
        migrations: { current: false, pending: [] },
      };
    }
    c.header('Cache-Control', 'no-store');
    return c.json(body, body.status === 'ready' ? 200 : 503);
  });
