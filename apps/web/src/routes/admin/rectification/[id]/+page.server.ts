import {
  rectificationDetailSchema,
  reviewRectificationSchema,
  updateRectificationSchema,
  validate,
} from '@kaimen/contracts';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return {
      item: await callApi(rectificationDetailSchema, `/v1/rectification-items/${params.id}`, {
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
  answer: async ({ request, locals, params }) => {
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const input = {
      measures: text('measures'),
      owner: text('owner'),
      evidence: text('evidence'),
      ...(form.get('submit') ? { status: 'submitted' } : {}),
    };
    const checked = validate(updateRectificationSchema, input, locals.lang);
    if (!checked.ok) return fail(400, { issues: checked.issues, message: null as string | null });
    try {
      await callApi(z.undefined(), `/v1/rectification-items/${params.id}`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'PATCH',
        body: checked.data,
      });
    } catch (e) {
      return failFromApi(e);
    }
    return { saved: true };
  },
  review: async ({ request, locals, params }) => {
    const form = await request.formData();
    const checked = validate(
      reviewRectificationSchema,
      { decision: form.get('decision'), note: String(form.get('note') ?? '') },
      locals.lang,
    );
    if (!checked.ok) return fail(400, { issues: checked.issues, message: null as string | null });
    try {
      await callApi(z.undefined(), `/v1/rectification-items/${params.id}/review`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
    } catch (e) {
      return failFromApi(e);
    }
    return { saved: true };
  },
};
