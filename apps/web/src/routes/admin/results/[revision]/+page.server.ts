import { revisionUnitsResponseSchema } from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return {
      result: await callApi(revisionUnitsResponseSchema, `/v1/outcomes/${params.revision}/units`, {
        lang: locals.lang,
        token: locals.sessionToken,
      }),
    };
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) error(e.status, e.body.error.message);
    throw e;
  }
};
