// One step of most console forms: check the typed values with the shared schema, send them to
// the API, and on any refusal hand back a failure with field-level messages and what was typed
// (so nothing needs retyping). `id` says which of several forms on a page failed.
import { validate } from '@kaimen/contracts';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { callApi } from './api';
import { failFromApi } from './form-failure';

export async function sendForm<S extends z.ZodType>(opts: {
  locals: App.Locals;
  schema: S;
  input: unknown;
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  values?: Record<string, string>;
  id?: string;
}): Promise<{ ok: true; result: unknown } | ReturnType<typeof fail>> {
  const values = opts.values ?? {};
  const checked = validate(opts.schema, opts.input, opts.locals.lang);
  if (!checked.ok)
    return fail(400, { id: opts.id, issues: checked.issues, message: null as string | null, values });
  try {
    const result = await callApi(z.unknown(), opts.path, {
      lang: opts.locals.lang,
      token: opts.locals.sessionToken,
      method: opts.method,
      body: checked.data,
    });
    return { ok: true, result };
  } catch (e) {
    const failure = failFromApi(e, opts.id, opts.locals.lang);
    return fail(failure.status, { ...failure.data, values });
  }
}

/** The form's fields as strings, for echoing back what was typed. */
export const formValues = (form: FormData) =>
  Object.fromEntries(
    [...form.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v)]),
  );

/** A number typed in a form; anything else is passed on as text for the schema to refuse. */
export const typedNumber = (v: FormDataEntryValue | null) => {
  const s = String(v ?? '').trim();
  return s !== '' && /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s === '' ? undefined : s;
};
