// All A4 QR posters of a unit's windows, one PDF.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => {
  if (!z.uuid().safeParse(params.id).success) error(404, 'not found');
  return proxyDownload(`/v1/units/${params.id}/posters.pdf`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
