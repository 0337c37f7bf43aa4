import {
  createRectificationSchema,
  rectificationListQuerySchema,
  reviewRectificationSchema,
  updateRectificationSchema,
} from '@kaimen/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { check, readJson } from '../validation.ts';
import { answerItem, createItem, getItem, listItems, reviewItem } from './rectification.service.ts';

const VIEW = [...ORGANISER_ROLES, 'unit_liaison'] as const;
const idParam = z.object({ id: z.uuid() });

export const rectificationRoutes = new Hono<AppEnv>()
  .get('/rectification-items', async (c) => {
    const actor = await authorize(c, VIEW);
    const { status } = check(c, rectificationListQuerySchema, c.req.query());
    return c.json({ items: await listItems(c.var.deps, actor, status) });
  })
  .post('/rectification-items', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    return c.json(
      await createItem(c.var.deps, actor, await readJson(c, createRectificationSchema), c.var.requestId),
      201,
    );
  })
  .get('/rectification-items/:id', async (c) => {
    const actor = await authorize(c, VIEW);
    const { id } = check(c, idParam, c.req.param());
    return c.json(await getItem(c.var.deps, actor, id));
  })
  .patch('/rectification-items/:id', async (c) => {
    const actor = await authorize(c, ['unit_liaison']);
    const { id } = check(c, idParam, c.req.param());
    await answerItem(c.var.deps, actor, id, await readJson(c, updateRectificationSchema), c.var.requestId);
    return c.body(null, 204);
  })
  .post('/rectification-items/:id/review', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, idParam, c.req.param());
    await reviewItem(c.var.deps, actor, id, await readJson(c, reviewRectificationSchema), c.var.requestId);
    return c.body(null, 204);
  });
