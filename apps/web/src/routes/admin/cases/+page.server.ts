import {
  CASE_SORTS,
  CASE_STATES,
  caseListQuerySchema,
  caseListResponseSchema,
  unitListResponseSchema,
} from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import { listQuery } from '$lib/server/list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { me } = await parent();
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { query, search, issues } = listQuery(caseListQuerySchema, url, locals.lang);
  const organiser = me.roles.includes('organiser_admin') || me.roles.includes('organiser_staff');
  const [list, units] = await Promise.all([
    callApi(caseListResponseSchema, `/v1/cases?${search}`, opts),
    // A unit's liaison sees its own unit only: no unit filter to offer.
    organiser ? callApi(unitListResponseSchema, '/v1/units', opts).then((r) => r.units) : Promise.resolve([]),
  ]);
  return { list, query, issues, units, states: [...CASE_STATES], sorts: [...CASE_SORTS] };
};
