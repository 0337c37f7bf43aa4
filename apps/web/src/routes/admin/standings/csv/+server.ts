// The numbers behind the live standings chart, fetched from the API for the browser.
import { error } from '@sveltejs/kit';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
  const cycle = url.searchParams.get('cycle') ?? '';
  if (!/^[0-9a-f-]{36}$/.test(cycle)) error(400, 'bad request');
  return proxyDownload(`/v1/cycles/${cycle}/standings?format=csv`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
