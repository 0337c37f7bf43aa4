import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    if (locals.sessionToken) {
      await callApi(z.undefined(), '/v1/auth/sign-out', {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'POST',
      }).catch(() => undefined);
    }
    clearSessionCookie(cookies);
    redirect(303, '/');
  },
};
