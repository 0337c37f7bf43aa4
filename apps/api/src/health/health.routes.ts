// /healthz: the process is up. /readyz: the database answers and its schema is current,
// so a load balancer only sends traffic to instances that can serve it; it also says which
// database each part uses (the replica router's state).
import type { ReadyResponse } from '@kaimen/contracts';
import { migrationStatus } from '@kaimen/db';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../deps.ts';

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' as const }))
  .get('/readyz', async (c) => {
    const { db, readRouting } = c.var.deps;
    const routing = readRouting?.();
    const parts: ReadyResponse['parts'] = {
      writes: 'primary',
      laggingReads: routing
        ? {
            uses: routing.uses,
            reason: routing.reason,
            replicaLagSeconds: routing.lagSeconds,
            fallbacks: routing.fallbacks,
          }
        : { uses: 'primary', reason: 'no replica configured', replicaLagSeconds: null, fallbacks: 0 },
    };
    let body: ReadyResponse;
    try {
      await sql`SELECT 1`.execute(db);
      const migrations = await migrationStatus(db);
      body = {
        status: migrations.current ? 'ready' : 'not_ready',
        database: 'reachable',
        migrations,
        parts,
      };
    } catch {
      body = {
        status: 'not_ready',
        database: 'unreachable',
        migrations: { current: false, pending: [] },
        parts,
      };
    }
    c.header('Cache-Control', 'no-store');
    return c.json(body, body.status === 'ready' ? 200 : 503);
  });
