// Hostile input at every route. The route list comes from the app itself (Hono's app.routes),
// so a new route is fuzzed without anyone adding it here. Each route is called as a role that
// may call it, with a corpus of bad bodies (writes), bad queries (reads) and bad path
// parameters; every answer must be < 500 with the one error shape, writes must be refused
// (4xx), and the database must be exactly as before.
import { randomUUID } from 'node:crypto';
import { errorBodySchema } from '@kaimen/contracts';
import { databaseChecksum } from '@kaimen/db/testing/db-checksum';
import { newStaff, newUnitOrganisation } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld } from './citizen/citizen-world.ts';
import { openTestApp, signInAs, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let callers: Record<string, Record<string, string>>;

// Requests touch sessions (last use) and throttling counters; nothing else may change.
const VOLATILE = ['session', 'rate_limit_counter', 'sign_in_attempt'];
const checksum = async () => {
  const sums = await databaseChecksum(t.db);
  for (const name of VOLATILE) delete sums[name];
  return sums;
};

beforeAll(async () => {
  t = await openTestApp();
  const w = await citizenWorld(t);
  const passwordHash = await hashPassword('fuzz-pass');
  const org = (kind: string, code: string) =>
    t.db
      .insertInto('organisation')
      .values({ kind, organiser_id: kind === 'assessment_agency' ? null : w.organiser.id, code, name: code })
      .returning('id')
      .executeTakeFirstOrThrow();
  const unitOrg = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id });
  const orgOf: Record<string, string> = {
    organiser_admin: w.organiser.id,
    organiser_staff: w.organiser.id,
    unit_liaison: unitOrg.id,
    superior_reviewer: (await org('superior_agency', 'fz-superior')).id,
    petition_officer: (await org('petition_office', 'fz-petition')).id,
    discipline_officer: (await org('discipline_body', 'fz-discipline')).id,
    agency_analyst: (await org('assessment_agency', 'fz-agency')).id,
  };
  callers = { anonymous: {} };
  for (const [role, organisationId] of Object.entries(orgOf)) {
    await newStaff(t.db, { organisationId, roles: [role], login: `fz.${role}`, passwordHash });
    callers[role] = await signInAs(t, `fz.${role}`, 'fuzz-pass');
  }
}, 120_000);
afterAll(() => t.close());

const HOSTILE_STRINGS = [
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\u2066iso',
  '\u0007\u001b[31m',
  'x'.repeat(200_000),
];
const KEYS = [
  'name',
  'nameEn',
  'code',
  'reason',
  'text',
  'note',
  'comment',
  'problem',
  'login',
  'password',
  'token',
  'windowCode',
  'decision',
  'kind',
  'action',
  'to',
  'direction',
  'version',
];
const everyKey = (value: unknown) => Object.fromEntries(KEYS.map((k) => [k, value]));
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** Bad bodies: each is a string sent as it is, or bytes, with its content type. */
const BODIES: { label: string; body: string | Uint8Array; type?: string }[] = [
  { label: 'malformed JSON', body: '{"name": ' },
  { label: 'trailing garbage', body: '{"name":"a"} x' },
  { label: 'null', body: 'null' },
  { label: 'array', body: '[]' },
  { label: 'number', body: '42' },
  { label: 'string', body: '"name"' },
  { label: 'wrong types', body: JSON.stringify(everyKey(123)) },
  { label: 'objects for strings', body: JSON.stringify(everyKey({ $ne: null })) },
  ...HOSTILE_STRINGS.map((s, i) => ({ label: `hostile string ${i}`, body: JSON.stringify(everyKey(s)) })),
  { label: 'huge array', body: JSON.stringify({ ...everyKey([]), items: new Array(100_000).fill(1) }) },
  { label: 'deep array', body: deep(50_000) },
  { label: 'deep object', body: deepObject(5_000) },
  { label: 'deep value', body: `{"name":${deepObject(2_000)}}` },
  {
    label: '__proto__ keys',
    body: '{"__proto__":{"isAdmin":true,"name":"x"},"constructor":{"prototype":{"x":1}}}',
  },
  { label: 'unknown keys', body: JSON.stringify({ zzUnknown: 1, another: 'x' }) },
  {
    label: 'out-of-range numbers',
    body: '{"overall":1e400,"weight":-1e308,"volume":1e30,"year":-0,"k":0.5,"score":1e400,"position":-1}',
  },
  { label: 'text/plain', body: '{"name":"x"}', type: 'text/plain' },
  { label: 'no content type', body: '{"name":"x"}', type: '' },
  {
    label: 'invalid UTF-8',
    body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]),
  },
];

const QUERIES = [
  '?cycleId=%00',
  '?cycleId=not-a-uuid&unitId=%F0%9F',
  `?q=${'x'.repeat(20_000)}`,
  '?format=../../etc/passwd',
  '?format=csv&format=xlsx',
  '?before=-1&year=1e400',
  '?action=__proto__&entityId=%E2%80%AE',
  '?category=%ZZ&unit=%',
  '?__proto__[x]=1&constructor=1',
];

const PARAM_VALUES = ['%00', '..%2F..%2Fetc', 'x'.repeat(5_000), '-1', '1e400', '%E2%80%AE'];

/** A route's path with its parameters filled: random ids (nothing exists), or hostile values. */
function fill(path: string, hostile?: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (hostile !== undefined) return hostile;
    if (name === 'day') return '2026-12-24';
    if (name === 'version') return '999';
    if (name === 'chart') return 'ranks.csv';
    if (name === 'file') return 'rows.csv';
    if (name === 'code') return 'no-such-organiser';
    return randomUUID();
  });
}

type Counts = { routes: number; requests: number; status4xx: number; status5xx: number };

async function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Uint8Array,
) {
  const res = await t.app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: body as string }),
  });
  const text = await res.text();
  return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
}

describe('fuzz every route', () => {
  it('answers hostile input with 4xx and the error shape, and changes nothing', async () => {
    const routes = [
      ...new Map(
        t.app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r] as const),
      ).values(),
    ];
    const before = await checksum();
    const counts: Counts = { routes: routes.length, requests: 0, status4xx: 0, status5xx: 0 };
    const failures: string[] = [];
    const record = (what: string, r: { status: number; text: string; type: string }, mustRefuse: boolean) => {
      counts.requests++;
      if (r.status >= 500) counts.status5xx++;
      if (r.status >= 400 && r.status < 500) counts.status4xx++;
      if (r.status >= 500) failures.push(`${what} → ${r.status} ${r.text.slice(0, 200)}`);
      else if (mustRefuse && r.status < 400) failures.push(`${what} → ${r.status} (accepted)`);
      if (
        r.status >= 400 &&
        r.type.includes('json') &&
        !errorBodySchema.safeParse(JSON.parse(r.text)).success
      )
        failures.push(`${what} → ${r.status} without the error shape: ${r.text.slice(0, 200)}`);
      if (/\bat .+\.(ts|js):\d+/.test(r.text)) failures.push(`${what} → a stack trace in the body`);
    };

    for (const route of routes) {
      const write = route.method !== 'GET';
      // A role that may call it: the first one that is not turned away (401/403) on a plain call.
      let headers: Record<string, string> = {};
      for (const h of Object.values(callers)) {
        const probe = await call(
          route.method,
          fill(route.path),
          {
            ...h,
            'content-type': 'application/json',
          },
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
            fill(route.path),
            { ...headers, ...(type ? { 'content-type': type } : {}) },
            b.body,
          );
          record(what(b.label), r, true);
        }
      } else {
        for (const q of QUERIES)
          record(what(q.slice(0, 40)), await call('GET', `${fill(route.path)}${q}`, headers), false);
      }
      if (route.path.includes('/:'))
        for (const v of PARAM_VALUES) {
          const r = await call(
            route.method,
            fill(route.path, v),
            { ...headers, 'content-type': 'application/json' },
            write ? '{}' : undefined,
          );
          record(what(`param ${v.slice(0, 20)}`), r, true);
        }
    }
    console.log(
      `fuzz: routes=${counts.routes} requests=${counts.requests} 4xx=${counts.status4xx} 5xx=${counts.status5xx}`,
    );
    expect(failures).toEqual([]);
    expect(counts.status5xx).toBe(0);
    expect(await checksum()).toEqual(before);
  }, 300_000);
});
