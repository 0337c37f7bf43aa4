import {
  categoryInputSchema,
  categoryPatchSchema,
  structureSchema,
  unitInputSchema,
  unitPatchSchema,
} from '@kaimen/contracts';
import { callApi } from '$lib/server/api';
import { formValues, sendForm } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  structure: await callApi(structureSchema, '/v1/setup/structure', {
    lang: locals.lang,
    token: locals.sessionToken,
  }),
});

const optional = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

export const actions: Actions = {
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
