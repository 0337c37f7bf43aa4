// Helpers for benchmarks and the crash test: a PostgreSQL server (given or throwaway), a
// migrated and seeded database on it, and the API as a real child process.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface PgServer {
  /** A URL to the server's maintenance database. */
  url: string;
  stop(): void;
}

/** BENCH_DATABASE_URL if given, else a throwaway PostgreSQL 15 cluster via tools/pg-cluster.sh. */
export async function startPg(): Promise<PgServer> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, stop: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'kaimen-bench-pg-'));
  const script = join(ROOT, 'tools/pg-cluster.sh');
  const url = execFileSync(script, ['start', dir, String(await freePort())], { encoding: 'utf8' }).trim();
  return { url, stop: () => execFileSync(script, ['stop', dir], { stdio: 'ignore' }) };
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface ApiProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resident set size of the API process in MB, now. */
  rssMb(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startApi(opts: {
  /** Omitted: the embedded PGlite in KAIMEN_DATA_DIR (given in env). */
  databaseUrl?: string;
  secret: string;
  env?: Record<string, string>;
  port?: number;
}): Promise<ApiProcess> {
  const port = opts.port ?? (await freePort());
  const profile = process.env.BENCH_CPU_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
    : [];
  return startServer(port, [...profile, join(ROOT, 'apps/api/src/server.ts')], {
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    KAIMEN_SECRET: opts.secret,
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    ...opts.env,
  });
}

/** tools/bench/floor-server.ts: the API's route and validation with no database (bench:ingest). */
export async function startFloorServer(): Promise<ApiProcess> {
  const port = await freePort();
  return startServer(port, [join(ROOT, 'tools/bench/floor-server.ts')], { FLOOR_PORT: String(port) });
}

/** Runs a TypeScript server under tsx and waits until GET /readyz answers 2xx. */
async function startServer(port: number, args: string[], env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`${args.at(-1)} exited with ${child.exitCode}`);
    if (i > 300) throw new Error(`${args.at(-1)} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    child,
    rssMb: () => rssMbOf(pid),
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Resident set size of a process in MB, now (0 once it has gone). */
export function rssMbOf(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export const newSecret = () => randomBytes(32).toString('hex');

/** CPU seconds (user + system) used so far by a process, or by every process with this name. */
export function cpuSeconds(target: { pid: number } | { name: string }): number {
  const ticks = (pid: string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if ('name' in target && name !== target.name) return 0;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0; // gone meanwhile
    }
  };
  const pids = 'pid' in target ? [String(target.pid)] : readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every common configuration.
  return pids.reduce((sum, pid) => sum + ticks(pid), 0) / 100;
}

/**
 * The whole machine's CPU time so far, in clock ticks: busy (all but idle and I/O wait; time
 * stolen by other virtual machines counts as busy, since it was not ours to use) and total.
 */
export function machineCpu(): { busy: number; total: number } {
  // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal guest guest_nice;
  // guest time is already inside user and nice, so only the first eight are summed.
  const fields =
    readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1, 9).map(Number) ?? [];
  const total = fields.reduce((sum, x) => sum + x, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}
