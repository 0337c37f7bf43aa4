// The client's address for abuse ceilings. X-Forwarded-For is believed only from a trusted
// proxy (the web app or a load balancer), so a client cannot pick its own address.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientIp(c: Context, trustedProxies: readonly string[]): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not running on a socket (tests with app.request): there is no peer to trust.
    peer = 'unknown';
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded && (trustedProxies.includes(peer) || peer === 'unknown')) return forwarded;
  return peer;
}
