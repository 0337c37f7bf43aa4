// The production topology on one machine, from the built artifacts (`pnpm build`) and Debian's
// PostgreSQL 15 and HAProxy: a primary and a streaming replica, two API and two web instances,
// HAProxy in front with deploy/haproxy/haproxy.cfg. `pnpm cluster` runs it until Ctrl+C;
// bench:cluster drives it and kills parts of it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PG_CLUSTER = join(ROOT, 'tools/pg-cluster.sh');
const API_ENTRY = join(ROOT, 'apps/api/dist/server.js');
const WEB_ENTRY = join(ROOT, 'apps/web/build/index.js');
const HAPROXY_CFG = join(ROOT, 'deploy/haproxy/haproxy.cfg');

export interface ClusterOptions {
  /** The public (web) port; the API frontend is base+1, instances and databases above it. */
  basePort: number;
  /** Demo ratings seeded into the primary. */
  demoRatings: number;
  /** Extra environment for the API instances (a benchmark lifts the rating ceilings). */
  apiEnv?: Record<string, string>;
  log?: (line: string) => void;
}

interface Instance {
  name: string;
  port: number;
  child: ChildProcess | null;
  env: Record<string, string>;
  entry: string;
}

export interface Cluster {
  publicUrl: string;
  apiUrl: string;
  primaryUrl: string;
  replicaUrl: string;
  /** KAIMEN_SECRET of every instance (signs window codes). */
  secret: string;
  apis: Instance[];
  webs: Instance[];
  killApi(index: number): void;
  startApi(index: number): Promise<void>;
  haltReplica(): void;
  resumeReplica(): void;
  stop(): Promise<void>;
}

const sh = (args: string[]) => execFileSync('bash', [PG_CLUSTER, ...args], { encoding: 'utf8' }).trim();

async function waitFor(url: string, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? ((line: string) => console.log(`[cluster] ${line}`));
  for (const [file, hint] of [
    [API_ENTRY, 'pnpm build'],
    [WEB_ENTRY, 'pnpm build'],
  ] as const)
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${hint}\` first`);
  for (const bin of ['haproxy'])
    try {
      execFileSync('which', [bin]);
    } catch {
      throw new Error(`${bin} is not installed: apt-get install haproxy`);
    }

  const base = mkdtempSync(join(tmpdir(), 'kaimen-cluster-'));
  chmodSync(base, 0o755); // as root PostgreSQL runs as 'postgres', which must enter it
  const port = (offset: number) => options.basePort + offset;
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        log(`stopping: ${(error as Error).message}`);
      }
    }
    rmSync(base, { recursive: true, force: true });
  };

  try {
    const primaryDir = join(base, 'primary');
    const replicaDir = join(base, 'replica');
    const primaryUrl = sh(['start', primaryDir, String(port(100))]);
    stops.push(() => void sh(['stop', primaryDir]));
    log(`PostgreSQL primary ${primaryUrl}`);
    const secret = randomBytes(32).toString('hex');
    const shared = {
      DATABASE_URL: primaryUrl,
      KAIMEN_SECRET: secret,
      // The web instances prove with it that the client address they forward is a citizen's.
      KAIMEN_FORWARD_SECRET: randomBytes(32).toString('base64url'),
      KAIMEN_DATA_DIR: join(base, 'data'),
    };
    log(`migrating and seeding ${options.demoRatings.toLocaleString('en')} demo ratings…`);
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools/seed.ts'), '--ratings', String(options.demoRatings)],
      {
        cwd: ROOT,
        env: { ...process.env, ...shared },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    // The replica is cloned after the seed, so it starts with the demo and streams from there.
    const replicaUrl = sh(['replica', replicaDir, String(port(101)), String(port(100))]);
    stops.push(() => void sh(['stop', replicaDir]));
    log(`PostgreSQL streaming replica ${replicaUrl}`);

    const publicUrl = `http://127.0.0.1:${port(0)}`;
    const apiUrl = `http://127.0.0.1:${port(1)}`;
    const apis: Instance[] = [0, 1].map((i) => ({
      name: `api${i + 1}`,
      port: port(10 + i),
      child: null,
      entry: API_ENTRY,
      env: {
        ...shared,
        DATABASE_REPLICA_URL: replicaUrl,
        API_HOST: '127.0.0.1',
        API_PORT: String(port(10 + i)),
        PUBLIC_ORIGIN: publicUrl,
        DEMO_SEED: 'never',
        // HAProxy replaces X-Forwarded-For with the caller's address on requests without the web's proof.
        TRUSTED_PROXIES: '127.0.0.1',
        ...options.apiEnv,
      },
    }));
    const webs: Instance[] = [0, 1].map((i) => ({
      name: `web${i + 1}`,
      port: port(20 + i),
      child: null,
      entry: WEB_ENTRY,
      env: {
        ...shared,
        PORT: String(port(20 + i)),
        HOST: '127.0.0.1',
        ORIGIN: publicUrl,
        KAIMEN_API_URL: apiUrl,
        // HAProxy sets X-Forwarded-For to the client's address; adapter-node reads it.
        ADDRESS_HEADER: 'x-forwarded-for',
        XFF_DEPTH: '1',
      },
    }));
    const launch = async (instance: Instance, health: string) => {
      const child = spawn(process.execPath, [instance.entry], {
        cwd: ROOT,
        env: { ...process.env, ...instance.env },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      instance.child = child;
      await waitFor(`http://127.0.0.1:${instance.port}${health}`, instance.name);
    };
    const halt = (instance: Instance, signal: NodeJS.Signals) =>
      new Promise<void>((resolve) => {
        const child = instance.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    for (const instance of [...apis, ...webs]) stops.push(() => halt(instance, 'SIGTERM'));
    await Promise.all(apis.map((a) => launch(a, '/readyz')));
    await Promise.all(webs.map((w) => launch(w, '/healthz')));
    log(
      `API instances on ${apis.map((a) => a.port).join(', ')}, web instances on ${webs.map((w) => w.port).join(', ')}`,
    );

    const haproxy = spawn('haproxy', ['-f', HAPROXY_CFG, '-db'], {
      env: {
        ...process.env,
        KAIMEN_PUBLIC_BIND: `127.0.0.1:${port(0)}`,
        KAIMEN_API_BIND: `127.0.0.1:${port(1)}`,
        KAIMEN_HAPROXY_SOCKET: join(base, 'haproxy.sock'),
        KAIMEN_WEB1: `127.0.0.1:${webs[0]?.port}`,
        KAIMEN_WEB2: `127.0.0.1:${webs[1]?.port}`,
        KAIMEN_API1: `127.0.0.1:${apis[0]?.port}`,
        KAIMEN_API2: `127.0.0.1:${apis[1]?.port}`,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          if (haproxy.exitCode !== null) return resolve();
          haproxy.once('exit', () => resolve());
          haproxy.kill('SIGTERM');
        }),
    );
    await waitFor(`${apiUrl}/readyz`, 'HAProxy (API frontend)');
    await waitFor(`${publicUrl}/healthz`, 'HAProxy (public frontend)');

    return {
      publicUrl,
      apiUrl,
      primaryUrl,
      replicaUrl,
      secret,
      apis,
      webs,
      killApi: (index) => apis[index]?.child?.kill('SIGKILL'),
      startApi: async (index) => {
        const api = apis[index];
        if (api) await launch(api, '/readyz');
      },
      haltReplica: () => void sh(['halt', replicaDir]),
      resumeReplica: () => void sh(['resume', replicaDir]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
