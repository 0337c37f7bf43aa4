import { disclosureResponseSchema } from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
  try {
    const disclosure = await callApi(
      disclosureResponseSchema,
      `/v1/public/organisers/${encodeURIComponent(params.code)}`,
      { lang: locals.lang },
    );
    setHeaders({ 'cache-control': 'public, max-age=300' });
    return { disclosure };
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) error(e.status, e.body.error.message);
    throw e;
  }
};
