import {
  cyclesResponseSchema,
  issuedInvitationsSchema,
  participationSchema,
  rosterImportResponseSchema,
  rosterPreviewSchema,
} from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi, uploadToApi } from '$lib/server/api';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles } = await callApi(cyclesResponseSchema, '/v1/cycles', opts);
  const wanted = url.searchParams.get('cycle');
  const cycle =
    cycles.find((c) => c.id === wanted) ?? cycles.find((c) => c.state === 'open') ?? cycles[0] ?? null;
  const participation = cycle
    ? await callApi(participationSchema, `/v1/cycles/${cycle.id}/participation`, opts)
    : null;
  return { cycles, cycle, participation };
};

const MAX_BYTES = 1024 * 1024;
const cycleId = z.uuid();

/**
 * The roster travels with the preview: the preview answer carries the file (base64) in a hidden
 * field, so "import" sends exactly the bytes that were previewed without a second upload.
 */
async function fileFrom(form: FormData): Promise<{ bytes: Uint8Array<ArrayBuffer>; name: string } | null> {
  const file = form.get('file');
  if (file instanceof File && file.size > 0 && file.size <= MAX_BYTES)
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
  const carried = form.get('carried');
  const name = String(form.get('carriedName') ?? 'roster.csv');
  if (typeof carried === 'string' && carried.length > 0 && carried.length <= (MAX_BYTES * 4) / 3 + 4)
    return { bytes: new Uint8Array(Buffer.from(carried, 'base64')) as Uint8Array<ArrayBuffer>, name };
  return null;
}

const noFile = (lang: string) =>
  fail(400, {
    message:
      lang === 'en'
        ? 'Choose a CSV or Excel file (at most 1 MB).'
        : '请选择 CSV 或 Excel 文件（不超过 1 MB）。',
    issues: [],
  });

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
        carried: preview.ok ? Buffer.from(file.bytes).toString('base64') : null,
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
  invite: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('cycleId') ?? '');
    const validDays = Number(form.get('validDays') ?? 30);
    if (!cycleId.safeParse(id).success) return fail(400, { message: null, issues: [] });
    try {
      const issued = await callApi(issuedInvitationsSchema, `/v1/cycles/${id}/invitations`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: { validDays },
      });
      return { issued };
    } catch (e) {
      return failFromApi(e);
    }
  },
};
