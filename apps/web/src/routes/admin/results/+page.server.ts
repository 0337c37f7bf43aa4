import {
  computeRequestSchema,
  computeResponseSchema,
  coverageResponseSchema,
  revisionsResponseSchema,
  validate,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { askToConfirm } from '$lib/server/confirm';
import { cycleContext } from '$lib/server/cycle';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles, cycle } = await cycleContext({ locals, cookies, url });
  const revisions = cycle
    ? (await callApi(revisionsResponseSchema, `/v1/cycles/${cycle.id}/outcomes`, opts)).revisions
    : [];
  // What the inputs do not reach, listed before the organiser computes (nothing for a draft).
  const coverage =
    cycle && cycle.state !== 'draft'
      ? await callApi(coverageResponseSchema, `/v1/cycles/${cycle.id}/coverage`, opts)
      : null;
  return { cycles, cycle, revisions, coverage };
};

export const actions: Actions = {
  compute: async ({ request, locals }) => {
    const form = await request.formData();
    const cycleId = String(form.get('cycleId') ?? '');
    const reason = String(form.get('reason') ?? '').trim();
    const checked = validate(computeRequestSchema, reason ? { reason } : {}, locals.lang);
    if (!checked.ok || !z.uuid().safeParse(cycleId).success)
      return fail(400, { message: null, issues: checked.ok ? [] : checked.issues });
    try {
      const computed = await callApi(computeResponseSchema, `/v1/cycles/${cycleId}/outcomes`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
      return { computed };
    } catch (e) {
      return failFromApi(e);
    }
  },
  publish: async ({ request, locals }) => {
    const form = await request.formData();
    const revisionId = String(form.get('revisionId') ?? '');
    if (!z.uuid().safeParse(revisionId).success) return fail(400, { message: null, issues: [] });
    const ask = askToConfirm(form, { kind: 'publish', action: 'publish' });
    if (ask) return ask;
    try {
      await callApi(z.undefined(), `/v1/outcomes/${revisionId}/publish`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'POST',
      });
      return { published: revisionId };
    } catch (e) {
      return failFromApi(e);
    }
  },
};
