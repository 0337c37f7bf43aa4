import { quarantineDecisionSchema, quarantineListResponseSchema, validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  queue: await callApi(quarantineListResponseSchema, '/v1/quarantine', {
    lang: locals.lang,
    token: locals.sessionToken,
  }),
});

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const checked = validate(
      quarantineDecisionSchema,
      { decision: form.get('decision'), reason: String(form.get('reason') ?? '') },
      locals.lang,
    );
    if (!checked.ok || !/^\d+$/.test(id))
      return fail(400, { id, issues: checked.ok ? [] : checked.issues, message: null as string | null });
    try {
      await callApi(z.undefined(), `/v1/ratings/${id}/quarantine-decision`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      return failFromApi(e, id);
    }
    return { done: id };
  },
};
