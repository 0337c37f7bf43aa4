import { ratingFormQuerySchema, submitRatingRequestSchema } from '@kaimen/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { check, readJson } from '../validation.ts';
import { clientIp } from './client-ip.ts';
import { authenticateDevice } from './device-auth.ts';
import { submitRating } from './rating.service.ts';
import { getRatingForm } from './rating-context.ts';

export const ratingRoutes = new Hono<AppEnv>()
  .get('/rating-form', async (c) => {
    const query = check(c, ratingFormQuerySchema, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json(await getRatingForm(c.var.deps, query));
  })
  .post('/ratings', async (c) => {
    const request = await readJson(c, submitRatingRequestSchema);
    const ip = clientIp(c, c.var.deps.config.TRUSTED_PROXIES);
    const device = await authenticateDevice(c);
    return c.json(await submitRating(c.var.deps, request, { ip, ...(device ? { device } : {}) }), 201);
  });
