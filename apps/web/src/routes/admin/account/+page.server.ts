import { totpCodeSchema, totpSetupSchema, validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions } from './$types';

async function withCode<T extends object>(request: Request, locals: App.Locals, path: string, done: T) {
  const checked = validate(
    totpCodeSchema,
    { code: String((await request.formData()).get('code') ?? '') },
    locals.lang,
  );
  if (!checked.ok) return fail(400, { issues: checked.issues, message: null });
  try {
    await callApi(z.undefined(), path, { lang: locals.lang, token: locals.sessionToken, body: checked.data });
  } catch (e) {
    return failFromApi(e);
  }
  return done;
}

export const actions: Actions = {
  setup: async ({ locals }) => {
    try {
      const setup = await callApi(totpSetupSchema, '/v1/auth/totp/setup', {
        lang: locals.lang,
        token: locals.sessionToken,
        body: {},
      });
      return { setup };
    } catch (e) {
      return failFromApi(e);
    }
  },
  enable: ({ request, locals }) =>
    withCode(request, locals, '/v1/auth/totp/enable', { enabled: true as const }),
  disable: ({ request, locals }) =>
    withCode(request, locals, '/v1/auth/totp/disable', { disabled: true as const }),
};
