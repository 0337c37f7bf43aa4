// Crash test: kill -9 the API in the middle of a load; after a restart, every rating that got
// a 2xx is stored exactly once, and retrying the unanswered ones stores each at most once.
// Needs a PostgreSQL server (TEST_DATABASE_URL): PGlite lives inside the process being killed.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../packages/db/src/connect.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../../packages/db/src/migrate.ts';
import { type ApiProcess, createDatabase, newSecret, startApi } from '../../tools/bench/processes.ts';
import { windowCodes } from '../../tools/bench/window-codes.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(serverUrl)(
  'kill -9 under load (PostgreSQL server only; PGlite cannot outlive its process)',
  () => {
    const secret = newSecret();
    let databaseUrl: string;
    let db: ReturnType<typeof createDb>;
    let codes: string[];
    let api: ApiProcess | undefined;

    beforeAll(async () => {
      databaseUrl = await createDatabase(serverUrl as string, `kaimen_crash_${randomUUID().slice(0, 8)}`);
      db = createDb({ driver: 'postgres', url: databaseUrl, poolSize: 2 });
      await migrate(db);
      await seedDemo(db, { ratings: 0 });
      codes = await windowCodes(db, secret);
    }, 120_000);
    afterAll(async () => {
      await api?.stop('SIGKILL');
      await db?.destroy();
    });

    it('loses no acknowledged rating and stores none twice', async () => {
      const env = { RATING_IP_CEILING_PER_MINUTE: '1000000000' };
      api = await startApi({ databaseUrl, secret, env });
      const acked = new Set<string>();
      const unanswered = new Set<string>();
      let stop = false;
      const post = (url: string, key: string) =>
        fetch(`${url}/v1/ratings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            idempotencyKey: key,
            windowCode: codes[key.charCodeAt(0) % codes.length],
            overall: 4,
            comment: key,
          }),
        });
      const worker = async (url: string) => {
        while (!stop) {
          const key = randomUUID();
          try {
            const res = await post(url, key);
            if (res.status === 201) acked.add(key);
            else unanswered.add(key);
          } catch {
            unanswered.add(key);
          }
        }
      };
      const url = api.url;
      const workers = Array.from({ length: 16 }, () => worker(url));
      await new Promise((r) => setTimeout(r, 2500));
      await api.stop('SIGKILL');
      stop = true;
      await Promise.all(workers);
      expect(acked.size).toBeGreaterThan(50);
      expect(unanswered.size).toBeGreaterThan(0);

      api = await startApi({ databaseUrl, secret, env });
      const counts = async (keys: string[]) => {
        const { rows } = await sql<{ key: string; n: number }>`
        SELECT idempotency_key::text AS key, count(*)::int AS n FROM citizen_rating
        WHERE idempotency_key = ANY(${keys}::uuid[]) GROUP BY 1`.execute(db);
        return new Map(rows.map((r) => [r.key, r.n]));
      };
      const ackedCounts = await counts([...acked]);
      const missing = [...acked].filter((k) => ackedCounts.get(k) !== 1);
      expect(missing).toEqual([]);

      // The clients that got no answer retry with the same key: each is then stored exactly once.
      for (const key of unanswered) expect((await post(api.url, key)).status).toBe(201);
      const retried = await counts([...unanswered]);
      expect([...unanswered].every((k) => retried.get(k) === 1)).toBe(true);
      console.log(
        `crash test: acked=${acked.size} unanswered_then_retried=${unanswered.size} lost=0 duplicates=0`,
      );
    }, 120_000);
  },
);
