// Vitest global setup: with TEST_DATABASE_URL, migrate one template database for the whole
// run and drop it afterwards. Without it, tests use PGlite and nothing is needed here.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb } from '../connect.ts';
import { migrate } from '../migrate.ts';
import { serverUrl, TEMPLATE_ENV, withDatabase } from './test-database.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const url = serverUrl();
  if (!url) return undefined;
  const template = `kaimen_template_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${template}`);
  const db = createDb({ driver: 'postgres', url: withDatabase(url, template), poolSize: 2 });
  await migrate(db);
  await db.destroy();
  process.env[TEMPLATE_ENV] = template;
  return async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
