// `pnpm bench:cluster`: the cluster of `pnpm cluster` under faults. Through HAProxy, citizen
// ratings at a steady rate plus public-page and overview reads (both served from the replica
// when it is healthy) while, on a schedule: api1 is killed with SIGKILL, started again; the
// replica is stopped, started again. A rating the client could not get acknowledged (a network
// error, 5xx, or no answer in 3 s) is retried with the same idempotency key until it is.
// Options (env): BENCH_SECONDS (default 60), BENCH_RATE (ratings/s, default 40),
// BENCH_READ_RATE (reads/s, default 10), BENCH_CLUSTER_PORT (default 46200).
// Ends with: bench cluster: acked= stored= duplicates= failed_requests= replica_fallbacks= max_gap_ms=
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb } from '../../packages/db/src/connect.ts';
import { startCluster } from '../cluster/cluster.ts';
import { windowCodes } from './window-codes.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const rate = Number(process.env.BENCH_RATE ?? 40);
const readRate = Number(process.env.BENCH_READ_RATE ?? 10);
const basePort = Number(process.env.BENCH_CLUSTER_PORT ?? 46_200);

const cluster = await startCluster({
  basePort,
  demoRatings: 2_000,
  // One load generator is one "network", and its ratings come without a browser: lift the
  // per-network ceiling so the faults, not the abuse rules, decide what is acknowledged.
  apiEnv: { RATING_IP_CEILING_PER_MINUTE: '1000000000', RATING_MIN_FILL_SECONDS: '0' },
});
const db = createDb({ driver: 'postgres', url: cluster.primaryUrl, poolSize: 2 });
const started = performance.now();
const at = () => performance.now() - started;
const events: string[] = [];
const note = (what: string) => {
  events.push(`${(at() / 1000).toFixed(1)} s ${what}`);
  console.log(`[bench] ${(at() / 1000).toFixed(1)} s: ${what}`);
};

try {
  const codes = await windowCodes(db, cluster.secret);
  const organiser = await sql<{ code: string }>`
    SELECT code FROM organisation WHERE kind = 'organiser' AND code IS NOT NULL LIMIT 1`.execute(db);
  const organiserCode = organiser.rows[0]?.code;
  const keys: string[] = [];
  const acks: number[] = [];
  const failures: { at: number; what: string }[] = [];
  let inFlight = 0;

  const attempt = async (url: string, init: RequestInit): Promise<boolean> => {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
      await response.arrayBuffer();
      if (response.ok) return true;
      failures.push({ at: at(), what: `${response.status}` });
      return false;
    } catch (error) {
      failures.push({ at: at(), what: (error as Error).name });
      return false;
    }
  };

  const rate1 = async (n: number) => {
    const key = randomUUID();
    keys.push(key);
    const body = JSON.stringify({
      idempotencyKey: key,
      windowCode: codes[n % codes.length],
      overall: 1 + (n % 5),
      aspects: {},
    });
    inFlight++;
    for (;;) {
      const ok = await attempt(`${cluster.apiUrl}/v1/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    inFlight--;
    acks.push(at());
  };
  const read = (n: number) =>
    attempt(
      n % 2 === 0 || !organiserCode
        ? `${cluster.apiUrl}/v1/overview`
        : `${cluster.apiUrl}/v1/public/organisers/${organiserCode}`,
      {},
    );

  const schedule: [number, () => void | Promise<void>][] = [
    [0.15, () => (note('kill -9 api1'), cluster.killApi(0))],
    [0.25, async () => (note('starting api1'), await cluster.startApi(0), note('api1 ready'))],
    [0.45, () => (note('stopping the replica'), cluster.haltReplica())],
    [0.65, () => (note('starting the replica'), cluster.resumeReplica())],
  ];
  const faults = (async () => {
    for (const [share, step] of schedule) {
      const due = share * seconds * 1000;
      if (due > at()) await new Promise((resolve) => setTimeout(resolve, due - at()));
      await step();
    }
  })();

  console.log(`[bench] ${rate} ratings/s and ${readRate} reads/s through HAProxy for ${seconds} s…`);
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  let reads = 0;
  while (at() < seconds * 1000) {
    const due = Math.floor((at() / 1000) * rate);
    while (sent < due) pending.push(rate1(sent++));
    const readsDue = Math.floor((at() / 1000) * readRate);
    while (reads < readsDue) pending.push(read(reads++));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await faults;
  await Promise.all(pending);

  let fallbacks = 0;
  for (const api of cluster.apis) {
    const ready = (await (await fetch(`http://127.0.0.1:${api.port}/readyz`)).json()) as {
      parts: { laggingReads: { fallbacks: number; uses: string } };
    };
    fallbacks += ready.parts.laggingReads.fallbacks;
    console.log(
      `[bench] ${api.name}: lagging reads use the ${ready.parts.laggingReads.uses} now, ${ready.parts.laggingReads.fallbacks} fallbacks`,
    );
  }
  const stored = await sql<{ n: number; distinct: number }>`
    SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS distinct
    FROM citizen_rating WHERE idempotency_key = ANY(${keys}::uuid[])`.execute(db);
  const row = stored.rows[0] ?? { n: 0, distinct: 0 };
  const times = [0, ...acks.sort((a, b) => a - b)];
  let maxGap = 0;
  for (let i = 1; i < times.length; i++) maxGap = Math.max(maxGap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  const byWhat = new Map<string, number>();
  for (const f of failures) byWhat.set(f.what, (byWhat.get(f.what) ?? 0) + 1);
  console.log(`[bench] faults: ${events.join('; ')}`);
  if (failures.length > 0)
    console.log(
      `[bench] failed requests (each rating retried until acknowledged): ${JSON.stringify(Object.fromEntries(byWhat))}, between ${((failures[0]?.at ?? 0) / 1000).toFixed(1)} s and ${((failures.at(-1)?.at ?? 0) / 1000).toFixed(1)} s`,
    );
  console.log(
    `bench cluster: acked=${acks.length} stored=${row.n} duplicates=${row.n - row.distinct} failed_requests=${failures.length} replica_fallbacks=${fallbacks} max_gap_ms=${maxGap.toFixed(0)}`,
  );
  if (inFlight !== 0) throw new Error(`${inFlight} ratings never acknowledged`);
} finally {
  await db.destroy();
  await cluster.stop();
}
