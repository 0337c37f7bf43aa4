import {
  createRectificationSchema,
  RECTIFICATION_STATUSES,
  rectificationListSchema,
  unitListResponseSchema,
  validate,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const raw = url.searchParams.get('status') ?? '';
  const status = (RECTIFICATION_STATUSES as readonly string[]).includes(raw) ? raw : '';
  const { items } = await callApi(
    rectificationListSchema,
    `/v1/rectification-items${status ? `?status=${status}` : ''}`,
    {
      lang: locals.lang,
      token: locals.sessionToken,
    },
  );
  // Organisers may open an item for any of their units.
  const organiser = locals.sessionToken
    ? await callApi(unitListResponseSchema, '/v1/units', {
        lang: locals.lang,
        token: locals.sessionToken,
      }).catch(() => ({ units: [] }))
    : { units: [] };
  return { items, status, statuses: [...RECTIFICATION_STATUSES], units: organiser.units };
};

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const form = await request.formData();
    const dueOn = String(form.get('dueOn') ?? '');
    const input = {
      unitId: String(form.get('unitId') ?? ''),
      problem: String(form.get('problem') ?? ''),
      ...(dueOn ? { dueOn } : {}),
    };
    const checked = validate(createRectificationSchema, input, locals.lang);
    if (!checked.ok) return fail(400, { issues: checked.issues, message: null as string | null });
    try {
      await callApi(z.object({ id: z.uuid() }), '/v1/rectification-items', {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      return failFromApi(e);
    }
    return { created: true };
  },
};
