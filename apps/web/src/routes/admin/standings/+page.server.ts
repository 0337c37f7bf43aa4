import { cyclesResponseSchema, liveStandingsResponseSchema } from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles } = await callApi(cyclesResponseSchema, '/v1/cycles', opts);
  const wanted = url.searchParams.get('cycle');
  const cycle =
    cycles.find((c) => c.id === wanted) ?? cycles.find((c) => c.state === 'open') ?? cycles[0] ?? null;
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
