// Graceful shutdown: stop accepting connections, let requests in flight finish (a rating being
// committed must be answered), then close the database.
import type { ServerType } from '@hono/node-server';

// biome-ignore lint/suspicious/noExplicitAny: passes Hono's bindings through untouched.
type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>;

export function trackInFlight(fetch: Fetch) {
  let inFlight = 0;
  const tracked: Fetch = async (request, ...rest) => {
    inFlight++;
    try {
      return await fetch(request, ...rest);
    } finally {
      inFlight--;
    }
  };
  return { fetch: tracked, inFlight: () => inFlight };
}

export async function drain(server: ServerType, inFlight: () => number, timeoutMs = 15_000): Promise<void> {
  server.close();
  // Idle keep-alive sockets would hold close() open forever.
  (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  const deadline = Date.now() + timeoutMs;
  while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
