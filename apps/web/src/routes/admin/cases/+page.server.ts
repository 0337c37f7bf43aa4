import { CASE_STATES, caseListResponseSchema } from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const raw = url.searchParams.get('state') ?? '';
  const state = (CASE_STATES as readonly string[]).includes(raw) ? raw : '';
  const { cases } = await callApi(caseListResponseSchema, `/v1/cases${state ? `?state=${state}` : ''}`, {
    lang: locals.lang,
    token: locals.sessionToken,
  });
  return { cases, state, states: [...CASE_STATES] };
};
