import { revisionUnitsResponseSchema } from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    const result = await callApi(
      revisionUnitsResponseSchema,
      `/v1/outcomes/${params.revision}/units/${params.unit}`,
      { lang: locals.lang, token: locals.sessionToken },
    );
    const unit = result.units[0];
    if (!unit?.breakdown) error(404, 'not found');
    return {
      revision: result.revision,
      names: result.names ?? { indicators: {}, findingTypes: {} },
      unit,
      breakdown: unit.breakdown,
    };
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) error(e.status, e.body.error.message);
    throw e;
  }
};
