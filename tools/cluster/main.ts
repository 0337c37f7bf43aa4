// `pnpm cluster`: the production topology on this machine (see cluster.ts) until Ctrl+C, then
// everything it started is stopped and its data removed.
import { DEMO_PASSWORD } from '../../packages/db/src/demo/demo-plan.ts';
import { startCluster } from './cluster.ts';

const basePort = Number(process.env.CLUSTER_PORT ?? 8080);
const demoRatings = Number(process.env.DEMO_RATINGS ?? 20_000);
const cluster = await startCluster({ basePort, demoRatings });
console.log(`
  Kaimen cluster is running: HAProxy → 2 web + 2 API instances → PostgreSQL primary + streaming replica.

    Web 网页     ${cluster.publicUrl}
    API 接口     ${cluster.apiUrl}   (GET /readyz shows which database each part uses)
    Primary      ${cluster.primaryUrl}
    Replica      ${cluster.replicaUrl}

  Demo logins 演示账号 as in pnpm start (password 密码: ${DEMO_PASSWORD}). Press Ctrl+C to stop.
`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void cluster.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
