// A fresh, migrated database for one test file. PGlite in memory by default; with
// TEST_DATABASE_URL, a new database on that server cloned from a template the global setup
// migrated once (CREATE DATABASE … TEMPLATE is much faster than migrating each time).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import postgres from 'postgres';
import { createDb, type DbConfig } from '../connect.ts';
import { migrate } from '../migrate.ts';
import type { DB } from '../schema.generated.ts';

export interface TestDatabase {
  db: Kysely<DB>;
  config: DbConfig;
  /** Opens another independent Kysely over the same database (postgres only). */
  reopen(): Kysely<DB>;
  close(): Promise<void>;
}

export const TEMPLATE_ENV = 'KAIMEN_TEST_TEMPLATE_DB';

export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = serverUrl();
  if (!url) {
    const config: DbConfig = { driver: 'pglite', dataDir: null };
    const db = createDb(config);
    await migrate(db);
    return {
      db,
      config,
      reopen: () => {
        throw new Error('PGlite in memory cannot be opened twice');
      },
      close: () => db.destroy(),
    };
  }
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: is the vitest global setup missing?`);
  const name = `kaimen_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await cloneTemplate(admin, name, template);
  const config: DbConfig = { driver: 'postgres', url: withDatabase(url, name), poolSize: 10 };
  const opened: Kysely<DB>[] = [];
  const open = () => {
    const db = createDb(config);
    opened.push(db);
    return db;
  };
  const db = open();
  return {
    db,
    config,
    reopen: open,
    close: async () => {
      await Promise.all(opened.map((d) => d.destroy()));
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

// PostgreSQL refuses to copy a template while any session is connected to it: another test
// file's clone in progress, or a closed connection whose backend has not exited yet.
async function cloneTemplate(admin: postgres.Sql, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      const inUse = (error as { code?: string }).code === '55006';
      if (!inUse || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}
