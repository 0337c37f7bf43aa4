// Sends the hostile corpus to each route as a role that may call it and collects what went
// wrong: a 5xx, an accepted write, an error without the one error shape, a stack trace.
import { errorBodySchema } from '@kaimen/contracts';
import { databaseChecksum } from '@kaimen/db/testing/db-checksum';
import { BODIES, PARAM_VALUES, QUERIES } from './fuzz-corpus.ts';
import type { TestApp } from './test-app.ts';

export type FuzzRoute = { method: string; path: string };
export type FuzzCounts = { routes: number; requests: number; status4xx: number; status5xx: number };

/** Fills a route's parameters; `hostile` replaces every parameter when given. */
export type Fill = (route: FuzzRoute, hostile?: string) => string;

export async function fuzzRoutes(
  t: TestApp,
  routes: FuzzRoute[],
  callers: Record<string, string>[],
  fill: Fill,
): Promise<{ counts: FuzzCounts; failures: string[] }> {
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ) => {
    const res = await t.app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: body as string }),
    });
    const text = await res.text();
    return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
  };
  const counts: FuzzCounts = { routes: routes.length, requests: 0, status4xx: 0, status5xx: 0 };
  const failures: string[] = [];
  const record = (what: string, r: { status: number; text: string; type: string }, mustRefuse: boolean) => {
    counts.requests++;
    if (r.status >= 500) counts.status5xx++;
    if (r.status >= 400 && r.status < 500) counts.status4xx++;
    if (r.status >= 500) failures.push(`${what} → ${r.status} ${r.text.slice(0, 200)}`);
    else if (mustRefuse && r.status < 400) failures.push(`${what} → ${r.status} (accepted)`);
    if (r.status >= 400 && r.type.includes('json') && !errorBodySchema.safeParse(JSON.parse(r.text)).success)
      failures.push(`${what} → ${r.status} without the error shape: ${r.text.slice(0, 200)}`);
    if (/\bat .+\.(ts|js):\d+/.test(r.text)) failures.push(`${what} → a stack trace in the body`);
  };

  for (const route of routes) {
    const write = route.method !== 'GET';
    // A role that may call it: the first one that is not turned away (401/403) on a plain call.
    let headers: Record<string, string> = {};
    for (const h of callers) {
      const probe = await call(
        route.method,
        fill(route),
        { ...h, 'content-type': 'application/json' },
        write ? '{"zzProbe":' : undefined,
      );
      counts.requests++;
      if (probe.status >= 500) {
        counts.status5xx++;
        failures.push(`${route.method} ${route.path} probe → ${probe.status} ${probe.text.slice(0, 200)}`);
      }
      if (probe.status !== 401 && probe.status !== 403) {
        headers = h;
        break;
      }
    }
    const what = (label: string) => `${route.method} ${route.path} [${label}]`;
    if (write) {
      for (const b of BODIES) {
        const type = b.type ?? 'application/json';
        const r = await call(
          route.method,
          fill(route),
          { ...headers, ...(type ? { 'content-type': type } : {}) },
          b.body,
        );
        record(what(b.label), r, true);
      }
    } else {
      for (const q of QUERIES)
        record(what(q.slice(0, 40)), await call('GET', `${fill(route)}${q}`, headers), false);
    }
    if (route.path.includes('/:'))
      for (const v of PARAM_VALUES) {
        const r = await call(
          route.method,
          fill(route, v),
          { ...headers, 'content-type': 'application/json' },
          write ? '{}' : undefined,
        );
        record(what(`param ${v.slice(0, 20)}`), r, true);
      }
  }
  return { counts, failures };
}

/** Every method and path the app mounts, once. */
export function mountedRoutes(t: TestApp): FuzzRoute[] {
  return [
    ...new Map(
      t.app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r] as const),
    ).values(),
  ].map((r) => ({ method: r.method, path: r.path }));
}

// Requests touch sessions (last use) and throttling counters; nothing else may change.
const VOLATILE = ['session', 'rate_limit_counter', 'sign_in_attempt'];

/** Every table's fingerprint except those any request may touch. */
export async function fuzzChecksum(t: TestApp): Promise<Record<string, string>> {
  const sums = await databaseChecksum(t.db);
  for (const name of VOLATILE) delete sums[name];
  return sums;
}
