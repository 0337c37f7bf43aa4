import { panelHomeSchema } from '@kaimen/contracts';
import { ApiError, callApi } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store' });
  try {
    const home = await callApi(panelHomeSchema, '/v1/panel', {
      lang: locals.lang,
      token: locals.sessionToken,
    });
    return { home };
  } catch (e) {
    // Not an evaluator's live session: the layout says so and what to do, instead of an error page.
    if (e instanceof ApiError && (e.status === 401 || e.status === 410)) return { home: null };
    throw e;
  }
};
