import { overviewResponseSchema } from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  try {
    return { overview: await callApi(overviewResponseSchema, '/v1/overview', { lang: locals.lang }) };
  } catch (error) {
    console.error('[web] overview unavailable', (error as Error).message);
    return { overview: null };
  }
};
