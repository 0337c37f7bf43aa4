import { cycleInputSchema, cyclesResponseSchema } from '@kaimen/contracts';
import { redirect } from '@sveltejs/kit';
import { callApi } from '$lib/server/api';
import { formValues, sendForm, typedNumber } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
  ...(await callApi(cyclesResponseSchema, '/v1/cycles', { lang: locals.lang, token: locals.sessionToken })),
  deleted: url.searchParams.get('deleted') === '1',
});

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const form = await request.formData();
    const values = formValues(form);
    const sent = await sendForm({
      locals,
      schema: cycleInputSchema,
      input: {
        year: typedNumber(form.get('year')),
        name: values.name,
        startsOn: values.startsOn,
        endsOn: values.endsOn,
        copyFrom: values.copyFrom || undefined,
        variant: values.variant || undefined,
      },
      method: 'POST',
      path: '/v1/cycles',
      values,
      id: 'create',
    });
    if (!('ok' in sent)) return sent;
    redirect(303, `/admin/cycles/${(sent.result as { id: string }).id}`);
  },
};
