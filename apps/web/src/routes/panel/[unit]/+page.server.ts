import { panelBallotInputSchema, panelSubmittedSchema, panelUnitSchema, validate } from '@kaimen/contracts';
import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
  if (!z.uuid().safeParse(params.unit).success) error(404, 'not found');
  try {
    const unit = await callApi(panelUnitSchema, `/v1/panel/units/${params.unit}`, {
      lang: locals.lang,
      token: locals.sessionToken,
    });
    return { unit };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, 'not found');
    throw e;
  }
};

/** The form's scores: one field per indicator, named score-<id>; empty fields are left out. */
async function readBallot(request: Request) {
  const form = await request.formData();
  const scores: Record<string, number> = {};
  const raw: Record<string, string> = {};
  for (const [key, value] of form) {
    if (!key.startsWith('score-') || typeof value !== 'string' || value.trim() === '') continue;
    raw[key.slice(6)] = value;
    scores[key.slice(6)] = Number(value);
  }
  return { input: { scores, comment: String(form.get('comment') ?? '') }, raw };
}

async function send(
  kind: 'draft' | 'submission',
  params: { unit: string },
  request: Request,
  locals: App.Locals,
) {
  const { input, raw } = await readBallot(request);
  const checked = validate(panelBallotInputSchema, input, locals.lang);
  if (!checked.ok) return fail(400, { message: null, issues: checked.issues, raw, comment: input.comment });
  try {
    await callApi(
      kind === 'draft' ? z.undefined() : panelSubmittedSchema,
      `/v1/panel/units/${params.unit}/${kind}`,
      {
        lang: locals.lang,
        token: locals.sessionToken,
        method: kind === 'draft' ? 'PUT' : 'POST',
        body: checked.data,
      },
    );
  } catch (e) {
    const failure = failFromApi(e, undefined, locals.lang);
    return fail(failure.status, { ...failure.data, raw, comment: input.comment });
  }
  return null;
}

export const actions: Actions = {
  draft: async ({ params, request, locals }) =>
    (await send('draft', params, request, locals)) ?? { saved: true },
  submit: async ({ params, request, locals }) => {
    const failure = await send('submission', params, request, locals);
    if (failure) return failure;
    redirect(303, '/panel?submitted=1');
  },
};
