import {
  categoryImportPreviewSchema,
  categoryInputSchema,
  categoryPatchSchema,
  qrKeyVersionsSchema,
  structureSchema,
  unitImportPreviewSchema,
  unitInputSchema,
  unitPatchSchema,
} from '@kaimen/contracts';
import { z } from 'zod';
import { callApi, uploadToApi } from '$lib/server/api';
import { carry, fileFrom, noFile } from '$lib/server/carried-upload';
import { failFromApi } from '$lib/server/form-failure';
import { formValues, sendForm } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const opts = { lang: locals.lang, token: locals.sessionToken };
  const [structure, qrKeys] = await Promise.all([
    callApi(structureSchema, '/v1/setup/structure', opts),
    callApi(qrKeyVersionsSchema, '/v1/qr-keys', opts),
  ]);
  return { structure, qrKeys };
};

const optional = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** What a spreadsheet holds: unit categories or units (the default). */
const importKind = (form: FormData) => (form.get('kind') === 'categories' ? 'categories' : 'units');

export const actions: Actions = {
  rotateKey: async ({ locals }) => {
    try {
      await callApi(z.unknown(), '/v1/qr-keys', { lang: locals.lang, token: locals.sessionToken, body: {} });
    } catch (e) {
      return failFromApi(e, 'qr');
    }
    return { done: 'qr' };
  },
  revokeKey: async ({ request, locals }) => {
    const version = Number((await request.formData()).get('version'));
    if (!Number.isInteger(version) || version < 1) return { done: null };
    try {
      await callApi(z.undefined(), `/v1/qr-keys/${version}/revoke`, {
        lang: locals.lang,
        token: locals.sessionToken,
        body: {},
      });
    } catch (e) {
      return failFromApi(e, 'qr');
    }
    return { done: 'qr' };
  },
  previewImport: async ({ request, locals }) => {
    const form = await request.formData();
    const kind = importKind(form);
    const file = await fileFrom(form);
    if (!file) return noFile(locals.lang);
    try {
      const opts = {
        lang: locals.lang,
        token: locals.sessionToken,
        file: new Blob([file.bytes]),
        name: file.name,
      };
      const preview =
        kind === 'categories'
          ? await uploadToApi(categoryImportPreviewSchema, '/v1/setup/categories/import/preview', opts).then(
              ({ categories, ...p }) => ({ ...p, rows: categories }),
            )
          : await uploadToApi(unitImportPreviewSchema, '/v1/setup/units/import/preview', opts).then(
              ({ units, ...p }) => ({ ...p, rows: units }),
            );
      return { kind, preview, carried: preview.ok ? carry(file.bytes) : null, carriedName: file.name };
    } catch (e) {
      return failFromApi(e, 'import');
    }
  },
  import: async ({ request, locals }) => {
    const form = await request.formData();
    const kind = importKind(form);
    const file = await fileFrom(form);
    if (!file) return noFile(locals.lang);
    try {
      const opts = {
        lang: locals.lang,
        token: locals.sessionToken,
        file: new Blob([file.bytes]),
        name: file.name,
      };
      const imported =
        kind === 'categories'
          ? (
              await uploadToApi(
                z.object({ categories: z.number().int() }),
                '/v1/setup/categories/import',
                opts,
              )
            ).categories
          : (await uploadToApi(z.object({ units: z.number().int() }), '/v1/setup/units/import', opts)).units;
      return { kind, imported };
    } catch (e) {
      return failFromApi(e, 'import');
    }
  },
  addCategory: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const sent = await sendForm({
      locals,
      schema: categoryInputSchema,
      input: { code: values.code, name: values.name, nameEn: optional(values.nameEn) },
      method: 'POST',
      path: '/v1/setup/categories',
      values,
      id: 'addCategory',
    });
    return 'ok' in sent ? { done: 'addCategory' } : sent;
  },
  toggleCategory: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const sent = await sendForm({
      locals,
      schema: categoryPatchSchema,
      input: { retired: values.retired === 'true' },
      method: 'PATCH',
      path: `/v1/setup/categories/${encodeURIComponent(values.id ?? '')}`,
      id: values.id,
    });
    return 'ok' in sent ? { done: values.id } : sent;
  },
  addUnit: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const sent = await sendForm({
      locals,
      schema: unitInputSchema,
      input: {
        code: values.code,
        name: values.name,
        nameEn: optional(values.nameEn),
        categoryId: values.categoryId,
        parentId: optional(values.parentId) ?? null,
      },
      method: 'POST',
      path: '/v1/setup/units',
      values,
      id: 'addUnit',
    });
    return 'ok' in sent ? { done: 'addUnit' } : sent;
  },
  editUnit: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const input =
      values.retired === undefined
        ? { name: values.name, categoryId: values.categoryId, parentId: optional(values.parentId) ?? null }
        : { retired: values.retired === 'true' };
    const sent = await sendForm({
      locals,
      schema: unitPatchSchema,
      input,
      method: 'PATCH',
      path: `/v1/setup/units/${encodeURIComponent(values.id ?? '')}`,
      values,
      id: values.id,
    });
    return 'ok' in sent ? { done: values.id } : sent;
  },
};
