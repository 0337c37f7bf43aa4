import { computeRequestSchema } from '@kaimen/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { check, readJson } from '../validation.ts';
import { computeRevision, cyclesOf, publish, revisionsOf, unitsOf } from './outcome.service.ts';

const VIEW_ROLES = [...ORGANISER_ROLES, 'unit_liaison'] as const;
const cycleParam = z.object({ id: z.uuid() });
const revisionParam = z.object({ id: z.uuid() });
const unitParam = z.object({ id: z.uuid(), unitId: z.uuid() });

export const outcomeRoutes = new Hono<AppEnv>()
  .get('/cycles', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    return c.json({ cycles: await cyclesOf(c.var.deps, actor) });
  })
  .post('/cycles/:id/outcomes', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, cycleParam, c.req.param());
    const { reason } = await readJson(c, computeRequestSchema);
    return c.json(await computeRevision(c.var.deps, actor, id, reason, c.var.requestId), 201);
  })
  .get('/cycles/:id/outcomes', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json({ revisions: await revisionsOf(c.var.deps, actor, id) });
  })
  .get('/outcomes/:id/units', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id } = check(c, revisionParam, c.req.param());
    return c.json(await unitsOf(c.var.deps, actor, id));
  })
  .get('/outcomes/:id/units/:unitId', async (c) => {
    const actor = await authorize(c, VIEW_ROLES);
    const { id, unitId } = check(c, unitParam, c.req.param());
    return c.json(await unitsOf(c.var.deps, actor, id, unitId));
  })
  .post('/outcomes/:id/publish', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, revisionParam, c.req.param());
    await publish(c.var.deps, actor, id, c.var.requestId);
    return c.body(null, 204);
  });
