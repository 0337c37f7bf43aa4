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
    return c.json(await getRatingForm(c.get('deps'), query, c.req.header('x-rater-id')));
  })
  .post('/ratings', async (c) => {
    // c.get, not c.var: Hono copies every variable into a new object on each c.var read.
    const deps = c.get('deps');
    const request = await readJson(c, submitRatingRequestSchema);
    const ip = clientIp(c, deps);
    const device = await authenticateDevice(c);
    return c.json(await submitRating(deps, request, { ip, ...(device ? { device } : {}) }), 201);
  });
