import { staffIdentitySchema } from '@kaimen/contracts';
import { redirect } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import { cycleContext } from '$lib/server/cycle';
import { clearSessionCookie } from '$lib/server/session';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.sessionToken) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
  try {
    const [me, context] = await Promise.all([
      callApi(staffIdentitySchema, '/v1/auth/me', { lang: locals.lang, token: locals.sessionToken }),
      // The header's cycle; a failure here is the same failure as /me's, reported there.
      cycleContext({ locals, cookies, url }).catch(() => null),
    ]);
    return { me, cycleContext: context };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearSessionCookie(cookies);
      redirect(303, '/sign-in');
    }
    throw error;
  }
};
