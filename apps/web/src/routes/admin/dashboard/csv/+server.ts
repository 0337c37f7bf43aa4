// The numbers behind one dashboard chart, fetched from the API for the browser.
import { DASHBOARD_CHARTS } from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

const query = z.object({
  cycle: z.uuid(),
  chart: z.enum(DASHBOARD_CHARTS),
  category: z.uuid().optional(),
  unit: z.uuid().optional(),
});

export const GET: RequestHandler = async ({ url, locals }) => {
  const q = query.safeParse(Object.fromEntries(url.searchParams));
  if (!q.success)
    error(400, locals.lang === 'en' ? 'Bad chart or scope in the link.' : '链接中的图表或范围无效。');
  const scope = new URLSearchParams();
  if (q.data.unit) scope.set('unit', q.data.unit);
  else if (q.data.category) scope.set('category', q.data.category);
  return proxyDownload(`/v1/cycles/${q.data.cycle}/dashboard/${q.data.chart}.csv?${scope}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
