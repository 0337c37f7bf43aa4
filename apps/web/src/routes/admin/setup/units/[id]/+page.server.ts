import {
  deviceInputSchema,
  issuedDeviceSchema,
  ratingUrlsSchema,
  servicePointInputSchema,
  servicePointPatchSchema,
  servicePointsSchema,
  serviceVolumeInputSchema,
  validate,
} from '@kaimen/contracts';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import { formValues, sendForm, typedNumber } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!z.uuid().safeParse(params.id).success) error(404, 'not found');
  try {
    const opts = { lang: locals.lang, token: locals.sessionToken };
    const [points, urls] = await Promise.all([
      callApi(servicePointsSchema, `/v1/setup/units/${params.id}/service-points`, opts),
      // No signing key yet (409) or no window yet (404): there is no address to show.
      callApi(ratingUrlsSchema, `/v1/units/${params.id}/rating-urls`, opts).catch((e) => {
        if (e instanceof ApiError && e.status < 500) return { urls: [] };
        throw e;
      }),
    ]);
    return { points, ratingUrls: Object.fromEntries(urls.urls.map((u) => [u.servicePointId, u.url])) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, e.message);
    throw e;
  }
};

export const actions: Actions = {
  addDevice: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const id = `device-${values.id}`;
    const parsed = validate(deviceInputSchema, { name: values.name, kind: values.kind }, locals.lang);
    if (!parsed.ok) return fail(400, { id, issues: parsed.issues, message: null, values });
    if (!z.uuid().safeParse(values.id).success) error(404, 'not found');
    try {
      const issued = await callApi(issuedDeviceSchema, `/v1/setup/service-points/${values.id}/devices`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: parsed.data,
      });
      // The key is shown on this answer only; it is not kept anywhere the page could show it again.
      return { issued: { servicePointId: values.id, name: parsed.data.name, key: issued.key } };
    } catch (e) {
      return failFromApi(e, id);
    }
  },
  revokeDevice: async ({ request, locals }) => {
    const deviceId = String((await request.formData()).get('deviceId') ?? '');
    if (!z.uuid().safeParse(deviceId).success) return { done: null };
    try {
      await callApi(z.undefined(), `/v1/setup/devices/${deviceId}/revoke`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: {},
      });
    } catch (e) {
      return failFromApi(e, deviceId);
    }
    return { done: deviceId };
  },
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
