import { caseActionSchema, caseDetailSchema, markMaliciousSchema, validate } from '@kaimen/contracts';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { askToConfirm } from '$lib/server/confirm';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return {
      detail: await callApi(caseDetailSchema, `/v1/cases/${params.id}`, {
        lang: locals.lang,
        token: locals.sessionToken,
      }),
    };
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) error(e.status, e.body.error.message);
    throw e;
  }
};

export const actions: Actions = {
  malicious: async ({ request, locals }) => {
    const form = await request.formData();
    const ratingId = String(form.get('ratingId') ?? '');
    const checked = validate(markMaliciousSchema, { reason: String(form.get('reason') ?? '') }, locals.lang);
    if (!checked.ok || !/^\d+$/.test(ratingId))
      return fail(400, {
        action: 'malicious',
        issues: checked.ok ? [] : checked.issues,
        message: null as string | null,
      });
    try {
      await callApi(z.undefined(), `/v1/ratings/${ratingId}/malicious`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      return failFromApi(e, 'malicious');
    }
    return { done: 'malicious' };
  },
  step: async ({ request, locals, params }) => {
    const form = await request.formData();
    const text = String(form.get('text') ?? '').trim();
    const input = { action: String(form.get('action') ?? ''), ...(text ? { text } : {}) };
    const checked = validate(caseActionSchema, input, locals.lang);
    if (!checked.ok)
      return fail(400, { action: input.action, issues: checked.issues, message: null as string | null });
    // Closing is final; the other steps can be added to.
    const ask = checked.data.action === 'close' && askToConfirm(form, { kind: 'caseClose', action: 'step' });
    if (ask) return ask;
    try {
      await callApi(z.object({ id: z.string(), state: z.string() }), `/v1/cases/${params.id}/actions`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      if (e instanceof ApiError && e.status < 500)
        return fail(e.status, { action: input.action, issues: [], message: e.body.error.message });
      throw e;
    }
    return { done: input.action };
  },
};
