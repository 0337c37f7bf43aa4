import type { OverviewResponse } from '@kaimen/contracts';
import { getOverview } from '@kaimen/db';
import { Hono } from 'hono';
import { type AppEnv, readDbOf } from '../deps.ts';

export const overviewRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const body: OverviewResponse = { organisers: await getOverview(readDbOf(c.var.deps)) };
  c.header('Cache-Control', 'public, max-age=60');
  return c.json(body);
});
