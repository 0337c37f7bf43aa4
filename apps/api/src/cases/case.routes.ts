import {
  caseActionSchema,
  caseListQuerySchema,
  markMaliciousSchema,
  quarantineDecisionSchema,
} from '@kaimen/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { check, readJson } from '../validation.ts';
import { actOnCase, getCaseFor, listCasesFor, markMalicious, reviewQuarantine } from './case.service.ts';

const CASE_ROLES = [...ORGANISER_ROLES, 'unit_liaison'] as const;
const caseParams = z.object({ id: z.uuid() });
const ratingParams = z.object({ id: z.coerce.number().int().positive() });

export const caseRoutes = new Hono<AppEnv>()
  .get('/cases', async (c) => {
    const actor = await authorize(c, CASE_ROLES);
    const query = check(c, caseListQuerySchema, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json(await listCasesFor(c.var.deps, actor, query));
  })
  .get('/cases/:id', async (c) => {
    const actor = await authorize(c, CASE_ROLES);
    const { id } = check(c, caseParams, c.req.param());
    c.header('Cache-Control', 'no-store');
    return c.json(await getCaseFor(c.var.deps, actor, id, c.var.requestId));
  })
  .post('/cases/:id/actions', async (c) => {
    const actor = await authorize(c, CASE_ROLES);
    const { id } = check(c, caseParams, c.req.param());
    const action = await readJson(c, caseActionSchema);
    return c.json(await actOnCase(c.var.deps, actor, id, action, c.var.requestId));
  })
  .post('/ratings/:id/quarantine-decision', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, ratingParams, c.req.param());
    await reviewQuarantine(
      c.var.deps,
      actor,
      id,
      await readJson(c, quarantineDecisionSchema),
      c.var.requestId,
    );
    return c.body(null, 204);
  })
  .post('/ratings/:id/malicious', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, ratingParams, c.req.param());
    const { reason } = await readJson(c, markMaliciousSchema);
    await markMalicious(c.var.deps, actor, id, reason, c.var.requestId);
    return c.body(null, 204);
  });
