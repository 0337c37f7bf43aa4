// `pnpm db:migrate`: applies pending migrations to the configured database and exits.
import { openDatabase } from '../apps/api/src/boot.ts';
import { ConfigError, parseConfig } from '../apps/api/src/config.ts';
import { migrate } from '../packages/db/src/migrate.ts';

try {
  const db = openDatabase(parseConfig(process.env));
  const applied = await migrate(db);
  console.log(applied.length === 0 ? 'migrations: up to date' : `migrations applied: ${applied.join(', ')}`);
  await db.destroy();
} catch (error) {
  if (error instanceof ConfigError || (error as Error).name === 'MigrationError') {
    console.error((error as Error).message);
    process.exit(1);
  }
  throw error;
}
