// The machine's floor for bench:ingest: the same route and the same request validation
// (Hono, @hono/node-server, the contracts' zod schema) with no database and no rating logic.
// Driven by the same load generator, it shows what latency this machine gives before the API
// does any real work, so the ingest figures can be read against the hardware they ran on.
// Listens on FLOOR_PORT at 127.0.0.1.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { submitRatingRequestSchema } from '../../packages/contracts/src/citizen-rating.ts';

const port = Number(process.env.FLOOR_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('FLOOR_PORT must be a port number');

let n = 0;
const app = new Hono()
  .get('/readyz', (c) => c.json({ ok: true }))
  .post('/v1/ratings', async (c) => {
    const parsed = submitRatingRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'invalid' }, 400);
    return c.json({ ratingId: String(++n), verified: false, caseOpened: false }, 201);
  });

serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
