import {
  quarantineBatchDecisionSchema,
  quarantineBulkDecisionSchema,
  quarantineListQuerySchema,
  ratingPauseSchema,
} from '@kaimen/contracts';
import { findServicePoints } from '@kaimen/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { check, readJson, readNoBody, readQuery } from '../validation.ts';
import { decideHeld, heldRatingsPage } from './held-ratings.service.ts';
import {
  decideBatch,
  pauseRating,
  quarantineBatches,
  windowAlerts,
  windowBoundView,
} from './quarantine.service.ts';

const spParams = z.object({ id: z.uuid() });

export const quarantineRoutes = new Hono<AppEnv>()
  .get('/quarantine', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const query = readQuery(c, quarantineListQuerySchema);
    c.header('Cache-Control', 'no-store');
    return c.json(await heldRatingsPage(c.var.deps, actor, query));
  })
  .post('/quarantine/decisions', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const body = await readJson(c, quarantineBulkDecisionSchema);
    return c.json({ decided: await decideHeld(c.var.deps, actor, body, c.var.requestId) });
  })
  .get('/quarantine/batches', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    c.header('Cache-Control', 'no-store');
    return c.json(await quarantineBatches(c.var.deps, actor));
  })
  .post('/quarantine/batches/decision', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const decision = await readJson(c, quarantineBatchDecisionSchema);
    return c.json({ decided: await decideBatch(c.var.deps, actor, decision, c.var.requestId) });
  })
  .get('/quarantine/alerts', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    c.header('Cache-Control', 'no-store');
    return c.json(await windowAlerts(c.var.deps, actor));
  })
  .get('/service-points/:id/window-bound', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, spParams, c.req.param());
    const { deps } = c.var;
    const [own] = await findServicePoints(deps.db, { organiserId: actor.organiserId, servicePointId: id });
    const view = own ? await windowBoundView(deps, id, deps.now()) : undefined;
    if (!view) throw new AppError('not_found');
    return c.json(view);
  })
  .post('/service-points/:id/rating-pause', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, spParams, c.req.param());
    const { reason } = await readJson(c, ratingPauseSchema);
    await pauseRating(c.var.deps, actor, id, reason, c.var.requestId);
    return c.json({ paused: true });
  })
  .post('/service-points/:id/rating-resume', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, spParams, c.req.param());
    await readNoBody(c);
    await pauseRating(c.var.deps, actor, id, null, c.var.requestId);
    return c.json({ paused: false });
  });
