// The score sheet as XLSX (units × indicators the signed-in source scores, current scores filled).
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
  const cycle = z.uuid().safeParse(url.searchParams.get('cycle'));
  if (!cycle.success) error(400, 'cycle');
  return proxyDownload(`/v1/cycles/${cycle.data}/score-sheet/template.xlsx`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
