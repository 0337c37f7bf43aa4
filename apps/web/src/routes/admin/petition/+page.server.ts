import { petitionBoardSchema, petitionOpinionInputSchema, validate } from '@kaimen/contracts';
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
    ? await callApi(petitionBoardSchema, `/v1/cycles/${cycle.id}/petition-opinions`, opts)
    : null;
  return { cycles, board };
};

/** A count typed in a form: digits only, else left as text for zod to refuse with a message. */
const count = (v: FormDataEntryValue | null) => {
  const s = String(v ?? '').trim();
  return /^\d+$/.test(s) ? Number(s) : s;
};

export const actions: Actions = {
  save: async ({ request, locals }) => {
    const form = await request.formData();
    const cycleId = String(form.get('cycleId') ?? '');
    const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    const input = {
      unitId: String(form.get('unitId') ?? ''),
      periodStart: String(form.get('periodStart') ?? ''),
      periodEnd: String(form.get('periodEnd') ?? ''),
      complaintCount: count(form.get('complaintCount')),
      verifiedComplaintCount: count(form.get('verifiedComplaintCount')),
      note: String(form.get('note') ?? '').trim() || undefined,
    };
    const checked = validate(petitionOpinionInputSchema, input, locals.lang);
    if (!checked.ok || !z.uuid().safeParse(cycleId).success)
      return fail(400, { issues: checked.ok ? [] : checked.issues, message: null, values });
    try {
      await callApi(z.unknown(), `/v1/cycles/${cycleId}/petition-opinions`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'PUT',
        body: checked.data,
      });
    } catch (e) {
      const failure = failFromApi(e);
      return fail(failure.status, { ...failure.data, values });
    }
    return { saved: true };
  },
};
