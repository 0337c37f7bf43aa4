import {
  quarantineBatchDecisionResponseSchema,
  quarantineBatchDecisionSchema,
  quarantineBatchesResponseSchema,
  validate,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import { pauseOrResume } from '$lib/server/rating-pause';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  queue: await callApi(quarantineBatchesResponseSchema, '/v1/quarantine/batches', {
    lang: locals.lang,
    token: locals.sessionToken,
  }),
});

const batchId = (f: FormData) => `${f.get('servicePointId')}|${f.get('day')}|${f.get('reason')}`;

export const actions: Actions = {
  decide: async ({ request, locals }) => {
    const form = await request.formData();
    const id = batchId(form);
    const checked = validate(
      quarantineBatchDecisionSchema,
      {
        servicePointId: form.get('servicePointId'),
        day: form.get('day'),
        reason: form.get('reason'),
        decision: form.get('decision'),
        note: String(form.get('note') ?? ''),
      },
      locals.lang,
    );
    if (!checked.ok) return fail(400, { id, issues: checked.issues, message: null as string | null });
    try {
      const { decided } = await callApi(
        quarantineBatchDecisionResponseSchema,
        '/v1/quarantine/batches/decision',
        {
          lang: locals.lang,
          token: locals.sessionToken,
          body: checked.data,
        },
      );
      return { done: id, decided };
    } catch (e) {
      return failFromApi(e, id);
    }
  },
  pause: async ({ request, locals }) => pauseOrResume(request, locals, true),
  resume: async ({ request, locals }) => pauseOrResume(request, locals, false),
};
