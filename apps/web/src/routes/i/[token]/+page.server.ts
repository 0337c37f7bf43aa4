// An invitation link. Opening it changes nothing (mail scanners open links); pressing the
// button exchanges it, once, for a session cookie and moves to a clean URL.
import {
  invitationExchangeSchema,
  invitationPreviewSchema,
  invitationSessionSchema,
} from '@kaimen/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

// Reading the link's cycle and state changes nothing; it lets the page say at once when the
// cycle takes no ballots (or the link no longer works) instead of at the final submit.
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store' });
  const checked = invitationExchangeSchema.safeParse({ token: params.token });
  if (!checked.success) return { preview: null };
  try {
    return {
      preview: await callApi(invitationPreviewSchema, '/v1/invitations/preview', {
        lang: locals.lang,
        body: checked.data,
      }),
    };
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return { preview: null };
    throw error;
  }
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
