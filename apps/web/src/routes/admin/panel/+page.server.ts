import {
  invitationWithdrawnSchema,
  issuedInvitationsSchema,
  participationSchema,
  rosterImportResponseSchema,
  rosterPreviewSchema,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi, uploadToApi } from '$lib/server/api';
import { carry, fileFrom, noFile } from '$lib/server/carried-upload';
import { cycleContext } from '$lib/server/cycle';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles, cycle } = await cycleContext({ locals, cookies, url });
  const participation = cycle
    ? await callApi(participationSchema, `/v1/cycles/${cycle.id}/participation`, opts)
    : null;
  return { cycles, cycle, participation };
};

const cycleId = z.uuid();

export const actions: Actions = {
  preview: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('cycleId') ?? '');
    const file = await fileFrom(form);
    if (!file || !cycleId.safeParse(id).success) return noFile(locals.lang);
    try {
      const preview = await uploadToApi(rosterPreviewSchema, `/v1/cycles/${id}/roster/preview`, {
        lang: locals.lang,
        token: locals.sessionToken,
        file: new Blob([file.bytes]),
        name: file.name,
      });
      return {
        preview,
        carried: preview.ok ? carry(file.bytes) : null,
        carriedName: file.name,
      };
    } catch (e) {
      return failFromApi(e);
    }
  },
  import: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('cycleId') ?? '');
    const file = await fileFrom(form);
    if (!file || !cycleId.safeParse(id).success) return noFile(locals.lang);
    try {
      const imported = await uploadToApi(rosterImportResponseSchema, `/v1/cycles/${id}/roster`, {
        lang: locals.lang,
        token: locals.sessionToken,
        file: new Blob([file.bytes]),
        name: file.name,
      });
      return { imported };
    } catch (e) {
      return failFromApi(e);
    }
  },
  // Everyone without a live link, or one person (evaluatorId: a new link withdraws the old one).
  invite: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('cycleId') ?? '');
    const validDays = Number(form.get('validDays') ?? 30);
    const one = String(form.get('evaluatorId') ?? '');
    if (!cycleId.safeParse(id).success || (one && !cycleId.safeParse(one).success))
      return fail(400, { message: null, issues: [] });
    try {
      const issued = await callApi(issuedInvitationsSchema, `/v1/cycles/${id}/invitations`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: one ? { validDays, evaluatorIds: [one] } : { validDays },
      });
      return { issued };
    } catch (e) {
      return failFromApi(e);
    }
  },
  withdraw: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('cycleId') ?? '');
    const one = String(form.get('evaluatorId') ?? '');
    if (!cycleId.safeParse(id).success || !cycleId.safeParse(one).success)
      return fail(400, { message: null, issues: [] });
    try {
      await callApi(invitationWithdrawnSchema, `/v1/cycles/${id}/invitations/withdraw`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: { evaluatorIds: [one] },
      });
      return { withdrawn: one };
    } catch (e) {
      return failFromApi(e);
    }
  },
};
