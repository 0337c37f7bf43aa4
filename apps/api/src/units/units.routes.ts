import { listUnits } from '@kaimen/db';
import { Hono } from 'hono';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';

export const unitRoutes = new Hono<AppEnv>().get('/units', async (c) => {
  const actor = await authorize(c, ORGANISER_ROLES);
  const units = await listUnits(c.var.deps.db, actor.organiserId);
  return c.json({
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, category: u.category_name })),
  });
});
