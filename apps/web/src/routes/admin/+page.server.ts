import { toDosResponseSchema } from '@kaimen/contracts';
import { ApiError, callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  try {
    return {
      toDos: await callApi(toDosResponseSchema, '/v1/to-dos', {
        lang: locals.lang,
        token: locals.sessionToken,
      }),
    };
  } catch (e) {
    // A person with no organiser to work for (an agency analyst) has no to-dos.
    if (e instanceof ApiError && e.status === 403) return { toDos: null };
    throw e;
  }
};
