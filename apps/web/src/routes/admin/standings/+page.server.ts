import { liveStandingsResponseSchema } from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import { cycleContext } from '$lib/server/cycle';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles, cycle } = await cycleContext({ locals, cookies, url });
  const standings = cycle
    ? await callApi(liveStandingsResponseSchema, `/v1/cycles/${cycle.id}/standings`, opts)
    : null;
  const categories = standings
    ? [...new Map(standings.units.map((u) => [u.category.id, u.category])).values()]
    : [];
  const wantedCategory = url.searchParams.get('category');
  const category = categories.find((c) => c.id === wantedCategory) ?? null;
  return { cycles, cycle, standings, categories, category };
};
