// One error type for the whole API and the one place that turns any error into HTTP.
import { ERROR_CATALOGUE, type ErrorBody, type ErrorCode, pickLang } from '@kaimen/contracts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    /** Overrides the catalogue message, already in both languages. */
    readonly localised?: { 'zh-CN': string; en: string },
  ) {
    super(code);
  }
}

export function requestLang(c: Context) {
  return pickLang(c.req.header('x-kaimen-lang') ?? c.req.header('accept-language'));
}

export function errorResponse(c: Context, error: unknown): Response {
  const lang = requestLang(c);
  let appError: AppError;
  if (error instanceof AppError) {
    appError = error;
  } else if ((error as { code?: unknown } | null)?.code === '23505') {
    // A uniqueness rule of the database caught a duplicate (two tabs, a double click): the
    // request conflicts with what exists; nothing was written.
    appError = new AppError('conflict');
  } else if (error instanceof HTTPException && error.status === 413) {
    appError = new AppError('payload_too_large');
  } else if (error instanceof HTTPException && error.status < 500) {
    appError = new AppError(error.status === 401 ? 'unauthenticated' : 'validation_failed');
  } else {
    // Log the stack for operators; the client only ever sees the generic message.
    console.error('[api] unhandled error', c.req.method, c.req.path, error);
    appError = new AppError('internal');
  }
  const entry = ERROR_CATALOGUE[appError.code];
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: (appError.localised ?? entry.message)[lang],
      ...(appError.details === undefined ? {} : { details: appError.details }),
    },
  };
  return c.json(body, entry.status);
}
