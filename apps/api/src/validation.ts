// Reads and validates outside input at the route boundary with the shared zod schemas.
import { validate } from '@kaimen/contracts';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, requestLang } from './errors.ts';

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('malformed_json');
  }
  return check(c, schema, body);
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return check(c, schema, c.req.query());
}

export function check<S extends z.ZodType>(c: Context, schema: S, input: unknown): z.infer<S> {
  const result = validate(schema, input, requestLang(c));
  if (!result.ok) throw new AppError('validation_failed', { issues: result.issues });
  return result.data;
}
