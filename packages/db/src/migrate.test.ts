import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDbTypes } from './codegen.ts';
import { MIGRATIONS_DIR, migrate, migrationStatus, readMigrations } from './migrate.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe('migrations', () => {
  it('are applied and recorded, and a second run applies nothing', async () => {
    const status = await migrationStatus(t.db);
    expect(status).toEqual({ current: true, pending: [] });
    expect(await migrate(t.db)).toEqual([]);
    const tables = await t.db.introspection.getTables();
    expect(tables.map((x) => x.name)).toEqual(
      expect.arrayContaining(['citizen_rating', 'unit', 'audit_log', 'outcome_revision']),
    );
  });

  it('refuses to start when a landed migration was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaimen-mig-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const [first] = readMigrations(dir);
      if (!first) throw new Error('no migrations');
      writeFileSync(join(dir, first.name), `${first.sql}\n-- an innocent edit\n`);
      await expect(migrate(t.db, readMigrations(dir))).rejects.toThrow(/was changed after it was applied/);
      expect((await migrationStatus(t.db, readMigrations(dir))).current).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports pending migrations as not current', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaimen-mig-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      writeFileSync(join(dir, '29991231000000_add_nothing.sql'), 'SELECT 1;');
      const status = await migrationStatus(t.db, readMigrations(dir));
      expect(status).toEqual({ current: false, pending: ['29991231000000_add_nothing.sql'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects badly named migration files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaimen-mig-'));
    try {
      writeFileSync(join(dir, 'add-stuff.sql'), 'SELECT 1;');
      expect(() => readMigrations(dir)).toThrow(/YYYYMMDDHHMMSS_verb_noun\.sql/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generated DB types', () => {
  it('match the migrated schema (run `pnpm db:types` after adding a migration)', async () => {
    const committed = readFileSync(new URL('./schema.generated.ts', import.meta.url), 'utf8');
    expect(await generateDbTypes(t.db)).toBe(committed);
  });
});
