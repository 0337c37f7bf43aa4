// Forward-only SQL migrations from the top-level migrations/ folder. Each file runs in its
// own transaction and is recorded with its SHA-256; a landed file that changed is refused,
// because the database would silently disagree with the code that describes it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { getRawAccess, type RawTransaction } from './connect.ts';
import type { DB } from './schema.generated.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
const FILE_NAME = /^\d{14}_[a-z0-9_]+\.sql$/;
// Any constant shared by all instances; serialises concurrent starts against one server.
const LOCK_KEY = 4_242_017;

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return names.map((name) => {
    if (!FILE_NAME.test(name)) {
      throw new MigrationError(`migration file name "${name}" must look like YYYYMMDDHHMMSS_verb_noun.sql`);
    }
    const sql = readFileSync(join(dir, name), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

async function ledger(tx: RawTransaction): Promise<Map<string, string>> {
  await tx.exec(CREATE_LEDGER);
  const rows = await tx.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migration ORDER BY name',
  );
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

function verifyLanded(files: MigrationFile[], applied: Map<string, string>): void {
  const known = new Set(files.map((f) => f.name));
  for (const [name] of applied) {
    if (!known.has(name)) {
      throw new MigrationError(
        `the database has migration ${name}, which is not in migrations/: this code is older than the database`,
      );
    }
  }
  for (const file of files) {
    const checksum = applied.get(file.name);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied (checksum ${checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). Landed migrations are never edited: restore the file and add a new migration instead.`,
      );
    }
  }
}

/** Applies pending migrations; returns the names it applied. */
export async function migrate(db: Kysely<DB>, files = readMigrations()): Promise<string[]> {
  const raw = getRawAccess(db);
  const appliedNow: string[] = [];
  // Verify everything first, so a changed file is refused before anything new is applied.
  await raw.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    verifyLanded(files, await ledger(tx));
  });
  for (const file of files) {
    await raw.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      // Another instance may have applied it while we waited for the lock.
      if ((await ledger(tx)).has(file.name)) return;
      await tx.exec(file.sql);
      await tx.query('INSERT INTO schema_migration (name, checksum) VALUES ($1, $2)', [
        file.name,
        file.checksum,
      ]);
      appliedNow.push(file.name);
    });
  }
  return appliedNow;
}

export interface MigrationStatus {
  current: boolean;
  pending: string[];
  problem?: string;
}

/** For /readyz: is the schema exactly what this code expects? */
export async function migrationStatus(db: Kysely<DB>, files = readMigrations()): Promise<MigrationStatus> {
  const { rows: exists } = await sql<{ present: boolean }>`
    SELECT to_regclass('schema_migration') IS NOT NULL AS present`.execute(db);
  if (!exists[0]?.present) return { current: false, pending: files.map((f) => f.name) };
  const { rows } = await sql<{ name: string; checksum: string }>`
    SELECT name, checksum FROM schema_migration`.execute(db);
  const applied = new Map(rows.map((r) => [r.name, r.checksum]));
  try {
    verifyLanded(files, applied);
  } catch (error) {
    return { current: false, pending: [], problem: (error as Error).message };
  }
  const pending = files.filter((f) => !applied.has(f.name)).map((f) => f.name);
  return { current: pending.length === 0, pending };
}
