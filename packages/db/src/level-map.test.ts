// The aspect-answer rule of the database (kaimen_is_level_map, the CHECK on
// citizen_rating.aspect_answers), pinned on the cases its two implementations must agree on.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

const cases: [string, boolean][] = [
  ['{}', true],
  ['{"efficiency": 1}', true],
  ['{"efficiency": 5, "attitude": 3, "convenience": 2}', true],
  ['{"a\\"": 4}', true],
  ['{"a\\": 1, \\"b": 1}', true],
  ['{"\\\\": 2}', true],
  ['{"a": 1e0}', true],
  ['{"a": 0}', false],
  ['{"a": 6}', false],
  ['{"a": -1}', false],
  ['{"a": 10}', false],
  ['{"a": 1, "b": 10}', false],
  ['{"a": 1.0}', false],
  ['{"a": 2.5}', false],
  ['{"a": "3"}', false],
  ['{"a": true}', false],
  ['{"a": null}', false],
  ['{"a": [1]}', false],
  ['{"a": {"b": 1}}', false],
  ['[1]', false],
  ['"x"', false],
  ['3', false],
  ['null', false],
];

describe('kaimen_is_level_map', () => {
  it.each(cases)('%s → %s', async (json, expected) => {
    const { rows } = await sql<{
      ok: boolean;
    }>`SELECT kaimen_is_level_map(${json}::text::jsonb) AS ok`.execute(t.db);
    expect(rows[0]?.ok).toBe(expected);
  });

  it('is the old rule, on random maps', async () => {
    // The first implementation, verbatim, as a reference.
    const reference = (answers: string) => sql<{ ok: boolean }>`
      SELECT jsonb_typeof(${answers}::text::jsonb) = 'object'
         AND NOT EXISTS (
           SELECT 1 FROM jsonb_each(${answers}::text::jsonb) AS e(k, v)
           WHERE jsonb_typeof(e.v) <> 'number' OR (e.v)::text !~ '^[1-5]$'
         ) AS ok`;
    const values = ['0', '1', '3', '5', '6', '1.0', '2.50', '"4"', 'true', 'null', '[2]', '{"x": 1}', '15'];
    for (let i = 0; i < 200; i++) {
      const size = i % 4;
      const entries = Array.from(
        { length: size },
        (_, k) => `"k${k}${i % 3 === 0 ? '\\"' : ''}": ${values[(i * 7 + k * 5) % values.length]}`,
      );
      const json = `{${entries.join(', ')}}`;
      const [mine, theirs] = await Promise.all([
        sql<{ ok: boolean }>`SELECT kaimen_is_level_map(${json}::text::jsonb) AS ok`.execute(t.db),
        reference(json).execute(t.db),
      ]);
      expect({ json, ok: mine.rows[0]?.ok }).toEqual({ json, ok: theirs.rows[0]?.ok });
    }
  });
});
