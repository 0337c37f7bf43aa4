export { createDb, type DbConfig } from './connect.ts';
export { migrate, migrationStatus, readMigrations, MigrationError } from './migrate.ts';
export type { DB } from './schema.generated.ts';
