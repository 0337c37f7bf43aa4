// The fuzz suite again, on the demo world with every path parameter filled with a record that
// exists (a cycle of the organiser, a unit, a case …), so each hostile body reaches the checks
// behind the lookup instead of stopping at 404. Writes must still be refused and nothing may change.
import { issuedInvitationsSchema, revisionsResponseSchema } from '@kaimen/contracts';
import { DEMO_PASSWORD } from '@kaimen/db/demo/demo-plan';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeFor } from './panel/panel-world.ts';
import { releaseBuildsSettled } from './releases/release.service.ts';
import { type Fill, fuzzChecksum, fuzzRoutes, mountedRoutes } from './testing/fuzz-runner.ts';
import { json, openTestApp, signInAs, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let callers: Record<string, string>[];
/** Table → one id that exists in it (the open cycle for `cycle`). */
const idOf = new Map<string, string>();

const checksum = () => fuzzChecksum(t);

// Path segments whose table is not their singular form (or a table ending with it).
const TABLE_OF_SEGMENT: Record<string, string> = {
  outcomes: 'outcome_revision',
  categories: 'unit_category',
  unitId: 'unit',
  categoryId: 'unit_category',
};

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 1500 });
  const logins = ['organiser', 'organiser.staff', 'liaison', 'superior', 'petition', 'discipline', 'agency'];
  callers = [{}];
  for (const login of logins) callers.push(await signInAs(t, login, DEMO_PASSWORD));
  // An evaluator session, for the panel's routes: a link issued by the organiser, exchanged.
  const evaluator = await t.db
    .selectFrom('evaluator_assignment')
    .select('evaluator_id')
    .where('cycle_id', '=', plan.cycle.id)
    .executeTakeFirstOrThrow();
  const issued = await t.app.request(`/v1/cycles/${plan.cycle.id}/invitations`, {
    ...json({ evaluatorIds: [evaluator.evaluator_id] }),
    headers: { ...json({}).headers, ...callers[1] },
  });
  const [link] = issuedInvitationsSchema.parse(await issued.json()).invitations;
  callers.push(await exchangeFor(t, new URL(link!.url, 'http://x').pathname.split('/').pop()!));
  // Results (one published revision and one in review), the rectification items publishing
  // opens, a dataset release and an agency's API key: records the later routes look up.
  const [organiser, agency] = [callers[1]!, callers[7]!];
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    t.app.request(path, { ...json(body), headers: { ...json({}).headers, ...headers } });
  await post(`/v1/cycles/${plan.cycle.id}/outcomes`, {}, organiser);
  const { revisions } = revisionsResponseSchema.parse(
    await (await t.app.request(`/v1/cycles/${plan.cycle.id}/outcomes`, { headers: organiser })).json(),
  );
  expect((await post(`/v1/outcomes/${revisions[0]!.id}/publish`, {}, organiser)).status).toBe(204);
  await post(`/v1/cycles/${plan.cycle.id}/outcomes`, {}, organiser);
  const agencyId = (
    await t.db
      .selectFrom('organisation')
      .select('id')
      .where('code', '=', 'demo-agency')
      .executeTakeFirstOrThrow()
  ).id;
  expect(
    (
      await post(
        `/v1/cycles/${plan.cycle.id}/releases`,
        { name: '模糊测试', agencyIds: [agencyId] },
        organiser,
      )
    ).status,
  ).toBe(202);
  await releaseBuildsSettled();
  expect(
    (await post('/v1/agency/api-keys', { cycleIds: [plan.cycle.id], validDays: 30 }, agency)).status,
  ).toBe(201);

  const tables = await sql<{ name: string }>`
    SELECT c.table_name AS name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.column_name = 'id'`.execute(t.db);
  for (const { name } of tables.rows) {
    const row = await sql<{
      id: string;
    }>`SELECT id::text AS id FROM ${sql.table(name)} ORDER BY id LIMIT 1`.execute(t.db);
    if (row.rows[0]) idOf.set(name, row.rows[0].id);
  }
  idOf.set('cycle', plan.cycle.id);
}, 300_000);
afterAll(() => t.close());

/** The table a parameter names: by its name, else by the path segment before it. */
function tableFor(path: string, param: string): string | undefined {
  const segments = path.split('/');
  const at = segments.indexOf(`:${param}`);
  const key = param === 'id' ? (segments[at - 1] ?? '') : param;
  if (TABLE_OF_SEGMENT[key]) return TABLE_OF_SEGMENT[key];
  const singular = key.replace(/Id$/, '').replace(/-/g, '_').replace(/s$/, '');
  return [...idOf.keys()].find((name) => name === singular || name.endsWith(`_${singular}`));
}

const unresolved = new Set<string>();
const fill: Fill = ({ path }, hostile) =>
  path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (hostile !== undefined) return hostile;
    if (name === 'day') return '2026-12-24';
    if (name === 'version') return '1';
    if (name === 'chart') return 'ranks.csv';
    if (name === 'file') return 'rows.csv';
    if (name === 'code') return 'demo';
    const table = tableFor(path, name);
    const id = table ? idOf.get(table) : undefined;
    if (!id) unresolved.add(`${path} :${name}`);
    return id ?? '00000000-0000-4000-8000-000000000000';
  });

describe('fuzz every route with records that exist', () => {
  it('answers hostile input with 4xx and the error shape, and changes nothing', async () => {
    const before = await checksum();
    const { counts, failures } = await fuzzRoutes(t, mountedRoutes(t), callers, fill);
    console.log(
      `fuzz (existing records): routes=${counts.routes} requests=${counts.requests} 4xx=${counts.status4xx} 5xx=${counts.status5xx}`,
    );
    // A new kind of record in a path needs its table named above, or it is fuzzed only as missing.
    expect([...unresolved]).toEqual([]);
    expect(failures).toEqual([]);
    expect(counts.status5xx).toBe(0);
    expect(await checksum()).toEqual(before);
  }, 600_000);
});
