export { createDb, type DbConfig } from './connect.ts';
export { MigrationError, migrate, migrationStatus, readMigrations } from './migrate.ts';
export * from './repositories/audit.repository.ts';
export * from './repositories/citizen-rating.repository.ts';
export * from './repositories/overview.repository.ts';
export * from './repositories/session.repository.ts';
export * from './repositories/staff.repository.ts';
export type { DB } from './schema.generated.ts';
