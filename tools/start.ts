// `pnpm start`: one command for the whole platform on this machine. Applies migrations,
// seeds the demo on first run, starts the API in this process (it owns the embedded
// database) and the web app as a child process, then prints where to go and how to sign in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from '../apps/api/src/app.ts';
import { dbConfigFrom, loadSecret, openDatabase } from '../apps/api/src/boot.ts';
import { forwardSecretOf } from '../apps/api/src/citizen/client-ip.ts';
import { ConfigError, parseConfig } from '../apps/api/src/config.ts';
import { drain, trackInFlight } from '../apps/api/src/graceful.ts';
import { startMaintenance } from '../apps/api/src/maintenance.ts';
import { DEMO_PASSWORD } from '../packages/db/src/demo/demo-plan.ts';
import { isDatabaseEmpty, seedDemo } from '../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../packages/db/src/migrate.ts';

const WEB_ENTRY = fileURLToPath(new URL('../apps/web/build/index.js', import.meta.url));

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const dbConfig = dbConfigFrom(config);
  console.log(
    dbConfig.driver === 'pglite'
      ? `[start] embedded PostgreSQL (PGlite) in ${dbConfig.dataDir}`
      : '[start] PostgreSQL server from DATABASE_URL',
  );
  const db = openDatabase(config);
  const applied = await migrate(db);
  console.log(`[start] migrations: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);

  if (config.DEMO_SEED === 'auto' && (await isDatabaseEmpty(db))) {
    console.log(
      `[start] first run: seeding the demo province with ${config.DEMO_RATINGS.toLocaleString('en')} citizen ratings…`,
    );
    const started = Date.now();
    let lastReport = 0;
    await seedDemo(db, {
      ratings: config.DEMO_RATINGS,
      onProgress: (done) => {
        if (Date.now() - lastReport > 5000) {
          lastReport = Date.now();
          console.log(`[start]   ${done.toLocaleString('en')} ratings`);
        }
      },
    });
    console.log(`[start] demo seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const deps = { db, config, secret: loadSecret(config), now: () => new Date() };
  const app = createApp(deps);
  const stopMaintenance = startMaintenance(deps);
  const apiUrl = `http://${config.API_HOST}:${config.API_PORT}`;
  const tracked = trackInFlight(app.fetch);
  let listening!: () => void;
  const apiListening = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const server = serve({ fetch: tracked.fetch, hostname: config.API_HOST, port: config.API_PORT }, () =>
    listening(),
  );
  server.once('error', (error) => {
    console.error(`[start] the API cannot listen on ${apiUrl}: ${error.message}`);
    process.exit(1);
  });

  const webHost = process.env.WEB_HOST ?? '0.0.0.0';
  if (!existsSync(WEB_ENTRY))
    throw new Error('the web app is not built: run `pnpm --filter @kaimen/web build`');
  const web = spawn(process.execPath, [WEB_ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(config.WEB_PORT),
      HOST: webHost,
      ORIGIN: config.publicOrigin,
      KAIMEN_API_URL: apiUrl,
      KAIMEN_FORWARD_SECRET: forwardSecretOf(deps),
    },
  });

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    web.kill('SIGTERM');
    void drain(server, tracked.inFlight)
      .then(stopMaintenance)
      .then(() => db.destroy())
      .finally(() => process.exit(code));
  };
  web.once('exit', (code) => {
    // Only an exit we did not ask for is a failure.
    if (stopping) return;
    console.error(`[start] the web app stopped (exit ${code}); stopping`);
    stop(code ?? 1);
  });
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));

  // "Running" is printed once both answer, so whoever follows the printed URLs finds them up.
  await apiListening;
  const probeHost = webHost === '0.0.0.0' || webHost === '::' ? '127.0.0.1' : webHost;
  await waitUntilAnswering(
    `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${config.WEB_PORT}/`,
    () => stopping,
  );

  console.log(`
  Kaimen 开门考评 is running.

    Web 网页    ${config.publicOrigin}
    API 接口    ${apiUrl}   (GET /healthz, GET /readyz)

  Demo logins 演示账号 (password 密码: ${DEMO_PASSWORD})
    organiser    考评办管理员 organiser admin
    liaison      单位联络员 unit liaison (省政务服务中心)
    superior     上级机关 superior agency
    petition     信访局 petition office
    discipline   纪检监察 discipline body
    agency       第三方评估机构 assessment agency

  Press Ctrl+C to stop.
`);
}

async function waitUntilAnswering(url: string, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!gaveUp()) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the web app did not answer at ${url} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (error as Error).name === 'MigrationError') {
    console.error(`[start] ${(error as Error).message}`);
  } else {
    console.error('[start] failed:', error);
  }
  process.exit(1);
});
