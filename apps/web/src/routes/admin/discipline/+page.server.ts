import {
  disciplineBoardSchema,
  disciplineFindingInputSchema,
  validate,
  withdrawFindingSchema,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { cycleContext } from '$lib/server/cycle';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles, cycle } = await cycleContext({ locals, cookies, url });
  const board = cycle
    ? await callApi(disciplineBoardSchema, `/v1/cycles/${cycle.id}/discipline-findings`, opts)
    : null;
  return { cycles, board };
};

export const actions: Actions = {
  add: async ({ request, locals }) => {
    const form = await request.formData();
    const cycleId = String(form.get('cycleId') ?? '');
    const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    const checked = validate(
      disciplineFindingInputSchema,
      {
        unitId: values.unitId ?? '',
        findingType: values.findingType ?? '',
        reason: values.reason ?? '',
        foundOn: values.foundOn ?? '',
      },
      locals.lang,
    );
    if (!checked.ok || !z.uuid().safeParse(cycleId).success)
      return fail(400, { issues: checked.ok ? [] : checked.issues, message: null, values });
    try {
      await callApi(z.unknown(), `/v1/cycles/${cycleId}/discipline-findings`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      const failure = failFromApi(e);
      return fail(failure.status, { ...failure.data, values });
    }
    return { added: true };
  },
  withdraw: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const checked = validate(
      withdrawFindingSchema,
      { reason: String(form.get('reason') ?? '') },
      locals.lang,
    );
    if (!z.uuid().safeParse(id).success) return fail(400, { id, issues: [], message: null });
    if (!checked.ok) return fail(400, { id, issues: checked.issues, message: null });
    try {
      await callApi(z.undefined(), `/v1/discipline-findings/${id}/withdraw`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      return failFromApi(e, id);
    }
    return { withdrawn: id };
  },
};
