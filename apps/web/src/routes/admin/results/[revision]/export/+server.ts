// Downloads of a revision's results (XLSX, CSV, JSON), fetched from the API for the browser.
import { error } from '@sveltejs/kit';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

const FORMATS = new Set(['xlsx', 'csv', 'json']);

export const GET: RequestHandler = async ({ params, url, locals }) => {
  const format = url.searchParams.get('format') ?? 'xlsx';
  if (!FORMATS.has(format) || !/^[0-9a-f-]{36}$/.test(params.revision)) error(400, 'bad request');
  return proxyDownload(`/v1/outcomes/${params.revision}/export?format=${format}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
