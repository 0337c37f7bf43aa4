// Opens what a running API needs from its configuration: the database and the server secret.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDb, type DB, type DbConfig, openReadDatabase, type ReadDatabase } from '@kaimen/db';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';

export function dbConfigFrom(config: Config): DbConfig {
  return config.DATABASE_URL
    ? { driver: 'postgres', url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE }
    : { driver: 'pglite', dataDir: resolve(config.KAIMEN_DATA_DIR, 'pglite') };
}

export function openDatabase(config: Config) {
  return createDb(dbConfigFrom(config));
}

/** The replica router for lag-tolerant reads, when DATABASE_REPLICA_URL is set. */
export function openReplica(config: Config, primary: Kysely<DB>): ReadDatabase | null {
  if (!config.DATABASE_REPLICA_URL) return null;
  return openReadDatabase(primary, {
    url: config.DATABASE_REPLICA_URL,
    poolSize: config.DB_POOL_SIZE,
    maxLagSeconds: config.REPLICA_MAX_LAG_SECONDS,
    checkMs: config.REPLICA_CHECK_MS,
  });
}

/**
 * The server secret signs QR codes and derives the encryption key for personal data.
 * KAIMEN_SECRET wins; otherwise a key file is created in the data directory on first run,
 * so the embedded setup works out of the box and keeps its key across restarts.
 */
export function loadSecret(config: Config): Buffer {
  if (config.KAIMEN_SECRET) return Buffer.from(config.KAIMEN_SECRET, 'hex');
  const dir = resolve(config.KAIMEN_DATA_DIR);
  const file = join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
