// The 工作台 to-dos per role, on the demo world: counts match the records in each person's scope.
import { toDosResponseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../citizen/rating-context.ts';
import { openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let cycleId: string;
const as: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await openTestApp();
  cycleId = (await seedDemo(t.db, { ratings: 400 })).cycle.id;
  for (const login of ['organiser', 'organiser.staff', 'liaison', 'superior', 'agency'])
    as[login] = await signInAs(t, login, 'kaimen-demo-2026');
}, 120_000);
afterAll(() => t.close());

const toDos = async (login: string) => {
  const res = await t.app.request('/v1/to-dos', { headers: as[login] });
  expect(res.status, await res.clone().text()).toBe(200);
  return toDosResponseSchema.parse(await res.json());
};
const countOf = (list: Awaited<ReturnType<typeof toDos>>, kind: string) =>
  list.toDos.find((x) => x.kind === kind)?.count ?? 0;
const one = async (q: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await q.execute(t.db)).rows[0]?.n ?? 0);

describe('GET /v1/to-dos', () => {
  it('gives the organiser the office’s overdue cases and quarantine, about the open cycle, each with its screen', async () => {
    const list = await toDos('organiser');
    expect(list.cycle).toMatchObject({ id: cycleId, state: 'open' });
    const today = chinaDay(t.deps.now());
    const overdue = await one(
      sql<{
        n: number;
      }>`SELECT count(*) AS n FROM negative_rating_case WHERE state <> 'closed' AND due_on < ${today}`,
    );
    expect(countOf(list, 'overdue_cases')).toBe(overdue);
    for (const todo of list.toDos) expect(todo.href).toMatch(/^\/admin\/[a-z-]+$/);
    // Quarantining a rating adds one to what waits.
    const before = countOf(list, 'quarantine_waiting');
    await t.db
      .updateTable('citizen_rating')
      .set({ quarantine_state: 'quarantined', quarantine_reason: 'test' })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('citizen_rating')
          .select(eb.fn.min('id').as('id'))
          .where('quarantine_state', '=', 'none'),
      )
      .execute();
    expect(countOf(await toDos('organiser'), 'quarantine_waiting')).toBe(before + 1);
  });

  it('leaves results to publish to the admin and gives staff the rest', async () => {
    const kinds = (await toDos('organiser.staff')).toDos.map((x) => x.kind);
    expect(kinds).not.toContain('results_to_publish');
    expect(kinds).toContain('quarantine_waiting');
  });

  it('gives a liaison only their own unit’s cases and rectification', async () => {
    const unitId = (
      await t.db
        .selectFrom('staff_user as s')
        .innerJoin('organisation as o', 'o.id', 's.organisation_id')
        .select('o.unit_id')
        .where('s.login', '=', 'liaison')
        .executeTakeFirstOrThrow()
    ).unit_id as string;
    // One overdue case of the liaison's unit, from a rating that has none.
    const rating = await t.db
      .selectFrom('citizen_rating as r')
      .select('r.id')
      .where('r.unit_id', '=', unitId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('negative_rating_case as c').select('c.id').whereRef('c.rating_id', '=', 'r.id')),
        ),
      )
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('negative_rating_case')
      .values({ rating_id: rating.id, unit_id: unitId, due_on: '2026-01-05' })
      .execute();
    const list = await toDos('liaison');
    expect(countOf(list, 'overdue_cases')).toBeGreaterThan(0);
    const overdue = await one(
      sql<{ n: number }>`SELECT count(*) AS n FROM negative_rating_case
        WHERE state <> 'closed' AND unit_id = ${unitId} AND due_on < ${chinaDay(t.deps.now())}`,
    );
    expect(countOf(list, 'overdue_cases')).toBe(overdue);
    const open = await one(
      sql<{
        n: number;
      }>`SELECT count(*) AS n FROM negative_rating_case WHERE state <> 'closed' AND unit_id = ${unitId}`,
    );
    expect(open).toBeGreaterThan(0);
    expect(countOf(list, 'open_cases')).toBe(open);
    for (const todo of list.toDos)
      expect(['overdue_cases', 'open_cases', 'rectification_open']).toContain(todo.kind);
  });

  it('gives a superior reviewer the units it has not scored, and an agency nothing (its work is releases)', async () => {
    const list = await toDos('superior');
    expect(list.toDos.map((x) => x.kind)).toEqual(
      countOf(list, 'scores_not_entered') > 0 ? ['scores_not_entered'] : [],
    );
    expect((await toDos('agency')).toDos).toEqual([]);
    expect((await t.app.request('/v1/to-dos')).status).toBe(401);
  });
});
