// The read router against a real primary and streaming replica (Debian's PostgreSQL 15, which CI
// installs): lag-tolerant reads go to the replica while it streams within the bound, and to the
// primary, without an error, when it stops, lags, or comes back.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './connect.ts';
import { openReadDatabase, type ReadDatabase } from './read-replica.ts';
import type { DB } from './schema.generated.ts';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const available = existsSync(join(BIN, 'pg_basebackup'));
const script = fileURLToPath(new URL('../../../tools/pg-cluster.sh', import.meta.url));
const cluster = (...args: string[]) => execFileSync('bash', [script, ...args], { encoding: 'utf8' }).trim();

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.skipIf(!available)(`read replica routing (needs PostgreSQL binaries in ${BIN})`, () => {
  const base = mkdtempSync(join(tmpdir(), 'kaimen-replica-'));
  const primaryDir = join(base, 'primary');
  const replicaDir = join(base, 'replica');
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  let primary: Kysely<DB>;
  let replicaUrl: string;
  let reads: ReadDatabase;
  const onStandby = async () =>
    (await sql<{ standby: boolean }>`SELECT pg_is_in_recovery() AS standby`.execute(reads.readDb)).rows[0]
      ?.standby;

  beforeAll(() => {
    // As root the clusters run as 'postgres', which must be able to enter the folder.
    chmodSync(base, 0o755);
    const primaryUrl = cluster('start', primaryDir, String(port));
    replicaUrl = cluster('replica', replicaDir, String(port + 1), String(port));
    primary = createDb({ driver: 'postgres', url: primaryUrl, poolSize: 4 });
    reads = openReadDatabase(primary, { url: replicaUrl, poolSize: 4, maxLagSeconds: 1, checkMs: 100 });
  }, 120_000);

  afterAll(async () => {
    await reads?.close();
    await primary?.destroy();
    for (const dir of [replicaDir, primaryDir]) cluster('stop', dir);
  }, 60_000);

  it('reads from a streaming replica and sees what the primary wrote', async () => {
    await until('the replica to be healthy', () => reads.routing().uses === 'replica');
    expect(await onStandby()).toBe(true);
    await sql`CREATE TABLE replica_probe (n int)`.execute(primary);
    await sql`INSERT INTO replica_probe VALUES (1)`.execute(primary);
    await until('the row on the replica', async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM replica_probe`
        .execute(reads.readDb)
        .catch(() => ({ rows: [{ n: 0 }] }));
      return rows[0]?.n === 1;
    });
  });

  it('falls back to the primary without an error when the replica stops, and returns when it is back', async () => {
    const before = reads.routing().fallbacks;
    cluster('halt', replicaDir);
    // The very next read succeeds: refused by the replica, it is run on the primary.
    expect(await onStandby()).toBe(false);
    expect(reads.routing().uses).toBe('primary');
    expect(reads.routing().fallbacks).toBe(before + 1);
    cluster('resume', replicaDir);
    await until('the replica to be used again', () => reads.routing().uses === 'replica');
    expect(await onStandby()).toBe(true);
  });

  it('falls back while the replica lags past the bound', async () => {
    const replica = createDb({ driver: 'postgres', url: replicaUrl, poolSize: 1 });
    try {
      await sql`SELECT pg_wal_replay_pause()`.execute(replica);
      // Keep the primary writing, so the replica's replay falls behind what it received.
      const writer = setInterval(() => void sql`INSERT INTO replica_probe VALUES (2)`.execute(primary), 100);
      try {
        await until('the lag bound to trip', () => reads.routing().uses === 'primary');
        expect(reads.routing().reason).toMatch(/behind/);
        expect(await onStandby()).toBe(false);
      } finally {
        clearInterval(writer);
      }
      await sql`SELECT pg_wal_replay_resume()`.execute(replica);
      await until('the replica to catch up', () => reads.routing().uses === 'replica');
    } finally {
      await replica.destroy();
    }
  });
});
