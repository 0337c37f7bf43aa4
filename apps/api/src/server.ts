// Runs the API alone (production: several of these behind a load balancer; see deploy/).
// `pnpm start` uses tools/start.ts instead, which also seeds the demo and starts the web app.
import { serve } from '@hono/node-server';
import { migrate } from '@kaimen/db';
import { createApp } from './app.ts';
import { loadSecret, openDatabase, openReplica } from './boot.ts';
import { ConfigError, parseConfig } from './config.ts';
import { drain, trackInFlight } from './graceful.ts';
import { startMaintenance } from './maintenance.ts';

try {
  const config = parseConfig(process.env);
  const db = openDatabase(config);
  await migrate(db);
  const replica = openReplica(config, db);
  const deps = {
    db,
    config,
    secret: loadSecret(config),
    now: () => new Date(),
    ...(replica ? { readDb: replica.readDb, readRouting: replica.routing } : {}),
  };
  const app = createApp(deps);
  const stopMaintenance = startMaintenance(deps);
  const tracked = trackInFlight(app.fetch);
  const server = serve({ fetch: tracked.fetch, hostname: config.API_HOST, port: config.API_PORT }, (info) => {
    console.log(`[api] listening on http://${info.address}:${info.port}`);
  });
  const stop = () =>
    void drain(server, tracked.inFlight)
      .then(stopMaintenance)
      .then(() => replica?.close())
      .then(() => db.destroy())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError || (error as Error).name === 'MigrationError') {
    console.error(`[api] ${(error as Error).message}`);
    process.exit(1);
  }
  throw error;
}
