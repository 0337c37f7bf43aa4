// The unit's feedback notice (反馈通报) as a PDF, fetched from the API for the browser.
import { error } from '@sveltejs/kit';
import { proxyDownload } from '$lib/server/api';
import type { RequestHandler } from './$types';

const UUID = /^[0-9a-f-]{36}$/;

export const GET: RequestHandler = async ({ params, locals }) => {
  if (!UUID.test(params.revision) || !UUID.test(params.unit)) error(400, 'bad request');
  return proxyDownload(`/v1/outcomes/${params.revision}/units/${params.unit}/notice.pdf`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
};
