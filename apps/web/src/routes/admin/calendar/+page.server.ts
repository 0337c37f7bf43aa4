import { calendarDaySchema, calendarResponseSchema, validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const year = Number(url.searchParams.get('year')) || new Date().getFullYear();
  return {
    calendar: await callApi(calendarResponseSchema, `/v1/calendar?year=${year}`, {
      lang: locals.lang,
      token: locals.sessionToken,
    }),
  };
};

export const actions: Actions = {
  set: async ({ request, locals }) => {
    const form = await request.formData();
    const input = {
      day: String(form.get('day') ?? ''),
      kind: String(form.get('kind') ?? ''),
      name: String(form.get('name') ?? '').trim() || null,
    };
    const checked = validate(calendarDaySchema, input, locals.lang);
    if (!checked.ok) return fail(400, { issues: checked.issues, message: null as string | null });
    const { day, ...body } = checked.data;
    try {
      await callApi(z.undefined(), `/v1/calendar/days/${day}`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'PUT',
        body,
      });
    } catch (e) {
      return failFromApi(e);
    }
    return { saved: day };
  },
  remove: async ({ request, locals }) => {
    const day = String((await request.formData()).get('day') ?? '');
    if (!z.iso.date().safeParse(day).success) return fail(400, { issues: [], message: null });
    try {
      await callApi(z.undefined(), `/v1/calendar/days/${day}`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'DELETE',
      });
    } catch (e) {
      return failFromApi(e);
    }
    return { removed: day };
  },
};
