// For a load balancer's health check: the web process is up and serving. It does not call the
// API, so an API outage does not take every web instance out of rotation with it.
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
  new Response('ok', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
