import { cyclesResponseSchema, modelTitleListSchema, reReviewSchema, validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { askToConfirm } from '$lib/server/confirm';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const [{ titles }, { cycles }] = await Promise.all([
    callApi(modelTitleListSchema, '/v1/model-titles', opts),
    callApi(cyclesResponseSchema, '/v1/cycles', opts),
  ]);
  return { titles, cycles };
};

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const checked = validate(
      reReviewSchema,
      {
        cycleId: form.get('cycleId'),
        decision: form.get('decision'),
        reason: String(form.get('reason') ?? ''),
      },
      locals.lang,
    );
    if (!checked.ok || !z.uuid().safeParse(id).success)
      return fail(400, { id, issues: checked.ok ? [] : checked.issues, message: null as string | null });
    // Keeping a title changes nothing lasting; delisting does.
    const ask =
      checked.data.decision === 'delist' && askToConfirm(form, { kind: 'delist', action: 'default' });
    if (ask) return ask;
    try {
      await callApi(z.undefined(), `/v1/model-titles/${id}/re-reviews`, {
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
