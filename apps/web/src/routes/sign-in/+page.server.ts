import { signInRequestSchema, signInResponseSchema, validate } from '@kaimen/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { ApiError, callApi } from '$lib/server/api';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.sessionToken) redirect(303, '/admin');
  return {};
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const otp = String(form.get('otp') ?? '').trim();
    const input = {
      login: String(form.get('login') ?? ''),
      password: String(form.get('password') ?? ''),
      ...(otp ? { otp } : {}),
    };
    const checked = validate(signInRequestSchema, input, locals.lang);
    if (!checked.ok) {
      return fail(400, { login: input.login, issues: checked.issues, message: null, needsCode: false });
    }
    let session: { token: string; expiresAt: string };
    try {
      ({ session } = await callApi(signInResponseSchema, '/v1/auth/sign-in', {
        lang: locals.lang,
        body: checked.data,
        // The API throttles failed sign-ins per client; it believes this header from the web app.
        headers: { 'x-forwarded-for': getClientAddress() },
      }));
    } catch (error) {
      if (error instanceof ApiError) {
        const needsCode = ['second_factor_required', 'invalid_second_factor'].includes(error.body.error.code);
        return fail(error.status, {
          login: input.login,
          issues: [],
          message: error.body.error.message,
          needsCode,
        });
      }
      throw error;
    }
    setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
    // Back to where the person was going, but only within the console: never an open redirect.
    const next = url.searchParams.get('next') ?? '';
    redirect(303, /^\/admin(\/[\w/-]*)?$/.test(next) ? next : '/admin');
  },
};
