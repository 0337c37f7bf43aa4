// `pnpm start:prod`: runs the built artifacts (`pnpm build`) with plain Node, no tsx: the API
// (apps/api/dist/server.js, which applies pending migrations) and the web app's adapter-node
// build, wired together. No demo seeding: that is `pnpm start`. Several instances behind a load
// balancer are run by deploy/ (systemd) or `pnpm cluster`; this is the one-of-each form.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const api = fileURLToPath(new URL('../apps/api/dist/server.js', import.meta.url));
const web = fileURLToPath(new URL('../apps/web/build/index.js', import.meta.url));
for (const file of [api, web]) {
  if (!existsSync(file)) {
    console.error(`[start:prod] ${file} is missing: run \`pnpm build\` first`);
    process.exit(1);
  }
}
if (!process.env.DATABASE_URL)
  console.warn(
    '[start:prod] DATABASE_URL is not set: using the embedded PGlite in KAIMEN_DATA_DIR (one API process only)',
  );

const apiHost = process.env.API_HOST || '127.0.0.1';
const apiPort = process.env.API_PORT || '8787';
const webPort = process.env.WEB_PORT || '3000';
const children = [
  spawn(process.execPath, [api], { stdio: 'inherit', env: process.env }),
  spawn(process.execPath, [web], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: webPort,
      HOST: process.env.WEB_HOST || '0.0.0.0',
      ORIGIN: process.env.PUBLIC_ORIGIN || `http://localhost:${webPort}`,
      KAIMEN_API_URL: process.env.KAIMEN_API_URL || `http://${apiHost}:${apiPort}`,
    },
  }),
];
let stopping = false;
let exitCode = 0;
let running = children.length;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
};
for (const child of children) {
  child.once('exit', (code) => {
    // Only an exit we did not ask for is a failure; then the other one is stopped too.
    if (!stopping) stop(code ?? 1);
    if (--running === 0) process.exit(exitCode);
  });
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
