import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { check, readNoBody } from '../validation.ts';
import { posterPdf, ratingUrls, revokeQrKey, rotateQrKey, windowQr } from './qr.service.ts';

const PRINT_ROLES = [...ORGANISER_ROLES, 'unit_liaison'] as const;
const idParam = z.object({ id: z.uuid() });
const versionParam = z.object({ version: z.coerce.number().int().min(1) });

export const qrRoutes = new Hono<AppEnv>()
  .get('/service-points/:id/qr.svg', async (c) => {
    const actor = await authorize(c, PRINT_ROLES);
    const { id } = check(c, idParam, c.req.param());
    return c.body(String(await windowQr(c.var.deps, actor, id, 'svg')), 200, {
      'content-type': 'image/svg+xml',
    });
  })
  .get('/service-points/:id/qr.png', async (c) => {
    const actor = await authorize(c, PRINT_ROLES);
    const { id } = check(c, idParam, c.req.param());
    const png = (await windowQr(c.var.deps, actor, id, 'png')) as Buffer;
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' });
  })
  .get('/service-points/:id/poster.pdf', async (c) => {
    const actor = await authorize(c, PRINT_ROLES);
    const { id } = check(c, idParam, c.req.param());
    const pdf = await posterPdf(c.var.deps, actor, { servicePointId: id });
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="poster-${id}.pdf"`,
    });
  })
  .get('/units/:id/posters.pdf', async (c) => {
    const actor = await authorize(c, PRINT_ROLES);
    const { id } = check(c, idParam, c.req.param());
    const pdf = await posterPdf(c.var.deps, actor, { unitId: id });
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="posters-${id}.pdf"`,
    });
  })
  .get('/units/:id/rating-urls', async (c) => {
    const actor = await authorize(c, PRINT_ROLES);
    const { id } = check(c, idParam, c.req.param());
    return c.json(await ratingUrls(c.var.deps, actor, id));
  })
  .post('/qr-keys', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    await readNoBody(c);
    return c.json(await rotateQrKey(c.var.deps, actor, c.var.requestId), 201);
  })
  .post('/qr-keys/:version/revoke', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    await readNoBody(c);
    const { version } = check(c, versionParam, c.req.param());
    await revokeQrKey(c.var.deps, actor, version, c.var.requestId);
    return c.body(null, 204);
  });
