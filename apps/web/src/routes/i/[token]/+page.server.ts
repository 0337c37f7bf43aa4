// An invitation link. Opening it changes nothing (mail scanners open links); pressing the
// button exchanges it, once, for a session cookie and moves to a clean URL.
import { invitationExchangeSchema, invitationSessionSchema } from '@kaimen/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store' });
  return {};
};

export const actions: Actions = {
  default: async ({ params, locals, cookies, url }) => {
    const checked = invitationExchangeSchema.safeParse({ token: params.token });
    if (!checked.success) return fail(404, { message: null, invalid: true });
    try {
      const { session } = await callApi(invitationSessionSchema, '/v1/invitations/exchange', {
        lang: locals.lang,
        body: checked.data,
      });
      setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
    } catch (error) {
      if (error instanceof ApiError && error.status < 500)
        return fail(error.status, { message: error.body.error.message, invalid: error.status === 404 });
      throw error;
    }
    redirect(303, '/panel');
  },
};
