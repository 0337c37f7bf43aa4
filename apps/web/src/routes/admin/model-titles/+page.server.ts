import { modelTitleListSchema, reReviewSchema, validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { askToConfirm } from '$lib/server/confirm';
import { cycleContext } from '$lib/server/cycle';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  // A re-review is recorded in the header's cycle (never silently next year's draft).
  const [{ titles }, { cycle }] = await Promise.all([
    callApi(modelTitleListSchema, '/v1/model-titles', opts),
    cycleContext({ locals, cookies, url }),
  ]);
  return { titles, cycle };
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
