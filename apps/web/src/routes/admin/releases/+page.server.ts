import {
  acceptTermsSchema,
  apiKeyInputSchema,
  DATA_USE_TERMS_VERSION,
  issuedApiKeySchema,
  releaseInputSchema,
  releaseSchema,
  releasesResponseSchema,
  releaseTableSchema,
  termsStatusSchema,
  validate,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from '$lib/server/api';
import { cycleContext } from '$lib/server/cycle';
import { failFromApi } from '$lib/server/form-failure';
import { formValues, sendForm, typedNumber } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

const agenciesSchema = z.object({
  agencies: z.array(z.object({ id: z.uuid(), name: z.string(), code: z.string() })),
});
const keysSchema = z.object({
  keys: z.array(
    z.object({
      id: z.uuid(),
      prefix: z.string(),
      cycleIds: z.array(z.uuid()),
      createdAt: z.string(),
      expiresAt: z.string(),
      revokedAt: z.string().nullable(),
      lastUsedAt: z.string().nullable(),
    }),
  ),
});

export const load: PageServerLoad = async ({ locals, cookies, parent, url }) => {
  const { me } = await parent();
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const agency = me.roles.includes('agency_analyst');
  const { releases } = await callApi(releasesResponseSchema, '/v1/releases', opts);
  const detailed = await Promise.all(
    releases.map(async (r) => ({
      ...(await callApi(releaseSchema, `/v1/releases/${r.id}`, opts)),
      table: await callApi(releaseTableSchema, `/v1/releases/${r.id}/table`, opts),
    })),
  );
  if (agency) {
    const [terms, { keys }] = await Promise.all([
      callApi(termsStatusSchema, '/v1/agency/terms', opts),
      callApi(keysSchema, '/v1/agency/api-keys', opts),
    ]);
    return { agency, releases: detailed, terms, keys, cycles: [], cycle: null, agencies: [] };
  }
  const [{ cycles, cycle }, { agencies }] = await Promise.all([
    cycleContext({ locals, cookies, url }),
    callApi(agenciesSchema, '/v1/agencies', opts),
  ]);
  return { agency, releases: detailed, terms: null, keys: [], cycles, cycle, agencies };
};

export const actions: Actions = {
  build: async ({ request, locals }) => {
    const form = await request.formData();
    const values = formValues(form);
    const cycleId = String(form.get('cycleId') ?? '');
    if (!z.uuid().safeParse(cycleId).success)
      return fail(400, { id: 'build', issues: [], message: null, values });
    const sent = await sendForm({
      locals,
      schema: releaseInputSchema,
      input: {
        name: values.name,
        k: typedNumber(form.get('k')),
        l: typedNumber(form.get('l')),
        maxSuppressedPercent: typedNumber(form.get('maxSuppressedPercent')),
        agencyIds: form.getAll('agencyIds').map(String),
        includeComments: form.get('includeComments') === '1',
        includePanel: form.get('includePanel') === '1',
      },
      method: 'POST',
      path: `/v1/cycles/${cycleId}/releases`,
      values,
      id: 'build',
    });
    if (!('ok' in sent)) return sent;
    return { done: 'build' };
  },
  acceptTerms: async ({ locals }) => {
    const sent = await sendForm({
      locals,
      schema: acceptTermsSchema,
      input: { version: DATA_USE_TERMS_VERSION },
      method: 'POST',
      path: '/v1/agency/terms',
      id: 'terms',
    });
    if (!('ok' in sent)) return sent;
    return { done: 'terms' };
  },
  issueKey: async ({ request, locals }) => {
    const form = await request.formData();
    const input = {
      cycleIds: form.getAll('cycleIds').map(String),
      validDays: typedNumber(form.get('validDays')),
    };
    const values = formValues(form);
    const checked = validate(apiKeyInputSchema, input, locals.lang);
    if (!checked.ok) return fail(400, { id: 'key', issues: checked.issues, message: null, values });
    try {
      const issued = await callApi(issuedApiKeySchema, '/v1/agency/api-keys', {
        lang: locals.lang,
        token: locals.sessionToken,
        body: checked.data,
      });
      return { done: 'key', issued };
    } catch (e) {
      return failFromApi(e, 'key');
    }
  },
  revokeKey: async ({ request, locals }) => {
    const id = String((await request.formData()).get('id') ?? '');
    if (!z.uuid().safeParse(id).success) return fail(400, { id: 'revoke', issues: [], message: null });
    try {
      await callApi(z.undefined(), `/v1/agency/api-keys/${id}/revoke`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'POST',
        body: {},
      });
    } catch (e) {
      return failFromApi(e, 'revoke');
    }
    return { done: 'revoke' };
  },
};
