import {
  dashboardResponseSchema,
  revisionUnitsResponseSchema,
  windowAlertsResponseSchema,
} from '@kaimen/contracts';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { cycleContext } from '$lib/server/cycle';
import type { PageServerLoad } from './$types';

const scopeQuery = z.object({
  category: z.uuid().optional().catch(undefined),
  unit: z.uuid().optional().catch(undefined),
});

export const load: PageServerLoad = async ({ locals, cookies, url, parent }) => {
  const { me } = await parent();
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles, cycle } = await cycleContext({ locals, cookies, url });
  // Windows that look under attack, for the organiser (a unit liaison cannot pause windows).
  const alerts = me.roles.some((r) => r.startsWith('organiser'))
    ? await callApi(windowAlertsResponseSchema, '/v1/quarantine/alerts', opts)
    : null;
  if (!cycle) return { cycles, cycle, dashboard: null, query: '', result: null, alerts };
  // A malformed id in a bookmarked link shows the level above rather than an error page.
  const scope = scopeQuery.parse(Object.fromEntries(url.searchParams));
  const params = new URLSearchParams();
  if (scope.unit) params.set('unit', scope.unit);
  else if (scope.category) params.set('category', scope.category);
  const dashboard = await callApi(
    dashboardResponseSchema,
    `/v1/cycles/${cycle.id}/dashboard?${params}`,
    opts,
  );
  // A unit liaison's page also shows its published result.
  const published =
    me.roles.includes('unit_liaison') &&
    dashboard.scope.unit &&
    dashboard.channels.revision?.state === 'published'
      ? await callApi(
          revisionUnitsResponseSchema,
          `/v1/outcomes/${dashboard.channels.revision.id}/units/${dashboard.scope.unit.id}`,
          opts,
        )
      : null;
  params.set('cycle', cycle.id);
  return { cycles, cycle, dashboard, query: params.toString(), result: published?.units[0] ?? null, alerts };
};
