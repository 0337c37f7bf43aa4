// A fingerprint of everything the database holds, for tests that must prove a refused request
// changed nothing: every table's rows, as text, sorted, hashed per table.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function databaseChecksum(db: Kysely<DB>): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const sums: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ n: number | string; sum: string | null }>`
      SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum
      FROM ${sql.table(name)} t`.execute(db);
    sums[name] = `${Number(row.rows[0]?.n ?? 0)}:${row.rows[0]?.sum ?? ''}`;
  }
  return sums;
}
