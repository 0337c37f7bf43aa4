// The web app's only way to the data: the API, called from the server side. Responses are
// checked against the shared schemas, so a mismatch fails loudly here, not in a page.

import { type ErrorBody, errorBodySchema, type Lang } from '@kaimen/contracts';
import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { env } from '$env/dynamic/private';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** The language the request asked for, so a form can show the answer's sentences in it. */
    readonly lang?: Lang,
  ) {
    super(body.error.message);
  }
}

const apiUrl = () => env.KAIMEN_API_URL ?? 'http://127.0.0.1:8787';

/**
 * The citizen's address goes to the API with the forward secret that proves this is the web app
 * (the API believes X-Forwarded-For from nobody else). Header name as in @kaimen/domain's
 * FORWARD_SECRET_HEADER (the web app imports contracts only).
 */
function withForwardProof(headers: Record<string, string>): Record<string, string> {
  const secret = env.KAIMEN_FORWARD_SECRET;
  if (headers['x-forwarded-for'] !== undefined && secret) headers['x-kaimen-forward-secret'] = secret;
  return headers;
}

export async function callApi<S extends z.ZodType>(
  schema: S,
  path: string,
  opts: {
    lang: Lang;
    token?: string | undefined;
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  },
): Promise<z.infer<S>> {
  const headers: Record<string, string> = {
    ...opts.headers,
    'x-kaimen-lang': opts.lang,
    accept: 'application/json',
  };
  withForwardProof(headers);
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${apiUrl()}${path}`, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const payload: unknown = response.status === 204 ? undefined : await response.json();
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(payload);
    throw new ApiError(
      response.status,
      parsed.success ? parsed.data : { error: { code: 'internal', message: `API ${response.status}` } },
      opts.lang,
    );
  }
  return schema.parse(payload);
}

/** Sends a file (multipart field "file") and checks the JSON answer like callApi. */
export async function uploadToApi<S extends z.ZodType>(
  schema: S,
  path: string,
  opts: { lang: Lang; token?: string | undefined; file: Blob; name: string },
): Promise<z.infer<S>> {
  const form = new FormData();
  form.append('file', opts.file, opts.name);
  const headers: Record<string, string> = { 'x-kaimen-lang': opts.lang, accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const response = await fetch(`${apiUrl()}${path}`, { method: 'POST', headers, body: form });
  const payload: unknown = await response.json();
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(payload);
    throw new ApiError(
      response.status,
      parsed.success ? parsed.data : { error: { code: 'internal', message: `API ${response.status}` } },
      opts.lang,
    );
  }
  return schema.parse(payload);
}

/** For downloads: the API's response passed through as it is (status, type, body). */
export async function fetchApiRaw(
  path: string,
  opts: { lang: Lang; token?: string | undefined },
): Promise<Response> {
  const headers: Record<string, string> = { 'x-kaimen-lang': opts.lang };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return fetch(`${apiUrl()}${path}`, { headers });
}

/**
 * A download from the API handed to the browser: its type and file name kept, never cached
 * (results and standings change, and may not sit in a shared cache).
 */
export async function proxyDownload(
  path: string,
  opts: { lang: Lang; token?: string | undefined },
): Promise<Response> {
  const upstream = await fetchApiRaw(path, opts);
  if (!upstream.ok) error(upstream.status, 'download failed');
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: 200, headers });
}
