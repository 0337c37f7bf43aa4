// A release file (rows.csv, rows.jsonl, rows.xlsx, rows.parquet or rows.sav) streamed from the API to the agency's browser.
import { error } from '@sveltejs/kit';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
  if (
    !/^[0-9a-f-]{36}$/.test(params.id) ||
    !['rows.csv', 'rows.jsonl', 'rows.xlsx', 'rows.parquet', 'rows.sav'].includes(params.file)
  )
    error(400, locals.lang === 'en' ? 'No such file.' : '没有这个文件。');
  return proxyDownload(`/v1/releases/${params.id}/${params.file}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
