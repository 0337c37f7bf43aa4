import {
  servicePointInputSchema,
  servicePointPatchSchema,
  servicePointsSchema,
  serviceVolumeInputSchema,
} from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { formValues, sendForm, typedNumber } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!z.uuid().safeParse(params.id).success) error(404, 'not found');
  try {
    return {
      points: await callApi(servicePointsSchema, `/v1/setup/units/${params.id}/service-points`, {
        lang: locals.lang,
        token: locals.sessionToken,
      }),
    };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, e.message);
    throw e;
  }
};

export const actions: Actions = {
  add: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const sent = await sendForm({
      locals,
      schema: servicePointInputSchema,
      input: { code: values.code, name: values.name, kind: values.kind },
      method: 'POST',
      path: `/v1/setup/units/${params.id}/service-points`,
      values,
      id: 'add',
    });
    return 'ok' in sent ? { done: 'add' } : sent;
  },
  toggle: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const sent = await sendForm({
      locals,
      schema: servicePointPatchSchema,
      input: { retired: values.retired === 'true' },
      method: 'PATCH',
      path: `/v1/setup/service-points/${encodeURIComponent(values.id ?? '')}`,
      id: values.id,
    });
    return 'ok' in sent ? { done: values.id } : sent;
  },
  volume: async ({ request, locals }) => {
    const form = await request.formData();
    const values = formValues(form);
    const sent = await sendForm({
      locals,
      schema: serviceVolumeInputSchema,
      input: {
        periodStart: values.periodStart,
        periodEnd: values.periodEnd,
        volume: typedNumber(form.get('volume')),
      },
      method: 'PUT',
      path: `/v1/setup/service-points/${encodeURIComponent(values.id ?? '')}/volumes`,
      values,
      id: `volume-${values.id}`,
    });
    return 'ok' in sent ? { done: values.id } : sent;
  },
};
