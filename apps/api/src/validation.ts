// Reads and validates outside input at the route boundary with the shared zod schemas.
// A JSON body must say it is JSON (else 415) and be well-formed UTF-8 (else 400): Hono's own
// c.req.json() decodes leniently and would store U+FFFD in place of the bad bytes.
import { fieldLabelsOf, labelFields, validate } from '@kaimen/contracts';
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError, requestLang } from './errors.ts';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** application/json or any +json type, parameters (charset) allowed. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  if (!isJsonMediaType(c.req.header('content-type'))) throw new AppError('unsupported_media_type');
  let text: string;
  try {
    text = STRICT_UTF8.decode(await c.req.arrayBuffer());
  } catch (error) {
    if (error instanceof TypeError) throw new AppError('invalid_utf8');
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('malformed_json');
  }
  return check(c, strictBody(schema), body);
}

const strictBodies = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A body's top-level keys must all be known: zod would drop an unknown one silently, so a typo
 * or a field the route does not take (`{"validDays":…}` misspelt) would act as if it were absent,
 * e.g. issue links for every evaluator. Refused with the key's name instead.
 */
function strictBody<S extends z.ZodType>(schema: S): S {
  if (!(schema instanceof z.ZodObject)) return schema;
  let strict = strictBodies.get(schema);
  if (!strict) {
    // The strict copy words its issues with the form's own labels.
    strict = labelFields(schema.strict(), fieldLabelsOf(schema) ?? {});
    strictBodies.set(schema, strict);
  }
  return strict as unknown as S;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return check(c, schema, c.req.query());
}

export function check<S extends z.ZodType>(c: Context, schema: S, input: unknown): z.infer<S> {
  const result = validate(schema, input, requestLang(c));
  if (!result.ok) throw new AppError('validation_failed', { issues: result.issues });
  return result.data;
}

/**
 * For an action that takes no body (sign out, revoke, publish): a request that sends one anyway
 * is refused rather than acted on, since whatever it meant to say would be ignored. An empty
 * body or `{}` is fine.
 */
export async function readNoBody(c: Context): Promise<void> {
  const text = (await c.req.text()).trim();
  if (text === '' || text === '{}') return;
  const message = requestLang(c) === 'en' ? 'This action takes no request body' : '此操作不需要提交内容';
  throw new AppError('validation_failed', { issues: [{ path: '', message }] });
}
