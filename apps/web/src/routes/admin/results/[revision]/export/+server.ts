// Downloads of a revision's results (XLSX, CSV, JSON), fetched from the API for the browser.
import { error } from '@sveltejs/kit';
import { fetchApiRaw } from '$lib/server/api';
import type { RequestHandler } from './$types';

const FORMATS = new Set(['xlsx', 'csv', 'json']);

export const GET: RequestHandler = async ({ params, url, locals }) => {
  const format = url.searchParams.get('format') ?? 'xlsx';
  if (!FORMATS.has(format) || !/^[0-9a-f-]{36}$/.test(params.revision)) error(400, 'bad request');
  const upstream = await fetchApiRaw(`/v1/outcomes/${params.revision}/export?format=${format}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
  if (!upstream.ok) error(upstream.status, 'download failed');
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: 200, headers });
};
