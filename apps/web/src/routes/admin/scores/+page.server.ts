import { scoreImportPreviewSchema, scoreImportResponseSchema, scoreSheetSchema } from '@kaimen/contracts';
import { z } from 'zod';
import { callApi, uploadToApi } from '$lib/server/api';
import { carry, fileFrom, noFile } from '$lib/server/carried-upload';
import { cycleContext } from '$lib/server/cycle';
import { failFromApi } from '$lib/server/form-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const { cycles, cycle } = await cycleContext({ locals, cookies, url });
  const sheet = cycle ? await callApi(scoreSheetSchema, `/v1/cycles/${cycle.id}/score-sheet`, opts) : null;
  return { cycles, sheet };
};

const cycleId = z.uuid();

async function upload(request: Request, locals: App.Locals) {
  const form = await request.formData();
  const id = String(form.get('cycleId') ?? '');
  const file = await fileFrom(form);
  if (!file || !cycleId.safeParse(id).success) return { file: null, id, refused: noFile(locals.lang) };
  return { file, id, refused: null };
}

export const actions: Actions = {
  preview: async ({ request, locals }) => {
    const { file, id, refused } = await upload(request, locals);
    if (!file) return refused;
    try {
      const preview = await uploadToApi(scoreImportPreviewSchema, `/v1/cycles/${id}/score-sheet/preview`, {
        lang: locals.lang,
        token: locals.sessionToken,
        file: new Blob([file.bytes]),
        name: file.name,
      });
      return { preview, carried: preview.ok ? carry(file.bytes) : null, carriedName: file.name };
    } catch (e) {
      return failFromApi(e);
    }
  },
  import: async ({ request, locals }) => {
    const { file, id, refused } = await upload(request, locals);
    if (!file) return refused;
    try {
      const imported = await uploadToApi(scoreImportResponseSchema, `/v1/cycles/${id}/score-sheet/import`, {
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
};
