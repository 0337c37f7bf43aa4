// The rating device's page talks only to the web app (browsers never need the API's address);
// these calls pass its key (x-device-key, a header, never a URL) on to the API and its answer back.
import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

const apiUrl = () => env.KAIMEN_API_URL ?? 'http://127.0.0.1:8787';

export async function forwardDeviceCall(opts: {
  request: Request;
  path: string;
  clientAddress: string;
  body?: unknown;
}): Promise<Response> {
  const key = opts.request.headers.get('x-device-key');
  if (!key || !/^[A-Za-z0-9_-]{20,100}$/.test(key)) error(401, 'device key required');
  const headers: Record<string, string> = {
    'x-device-key': key,
    'x-kaimen-lang': opts.request.headers.get('x-kaimen-lang') === 'en' ? 'en' : 'zh-CN',
    'x-forwarded-for': opts.clientAddress,
    accept: 'application/json',
  };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const upstream = await fetch(`${apiUrl()}${opts.path}`, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers,
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  return new Response(await upstream.text(), {
    status: upstream.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
