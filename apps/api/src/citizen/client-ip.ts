// The client's address for abuse ceilings. X-Forwarded-For is believed only from the web app,
// which proves itself with the forward secret (KAIMEN_FORWARD_SECRET, else derived from the
// server secret), or from a proxy listed in TRUSTED_PROXIES (empty by default): never from a
// peer merely for being on loopback, so a script on the host cannot pick its own address.
import { getConnInfo } from '@hono/node-server/conninfo';
import { deriveForwardSecret, FORWARD_SECRET_HEADER, provesForwarding } from '@kaimen/domain';
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';

const expectedSecrets = new WeakMap<Uint8Array, string>();

export function forwardSecretOf(deps: Pick<AppDeps, 'config' | 'secret'>): string {
  if (deps.config.KAIMEN_FORWARD_SECRET) return deps.config.KAIMEN_FORWARD_SECRET;
  let derived = expectedSecrets.get(deps.secret);
  if (!derived) {
    derived = deriveForwardSecret(deps.secret);
    expectedSecrets.set(deps.secret, derived);
  }
  return derived;
}

export function clientIp(c: Context, deps: Pick<AppDeps, 'config' | 'secret'>): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not running on a socket (tests with app.request): there is no peer to trust.
    peer = 'unknown';
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  const proof = c.req.header(FORWARD_SECRET_HEADER);
  // A proof that is presented decides alone: a wrong one means the forwarded address is not ours.
  if (proof !== undefined)
    return forwarded && provesForwarding(proof, forwardSecretOf(deps)) ? forwarded : peer;
  if (forwarded && (deps.config.TRUSTED_PROXIES.includes(peer) || peer === 'unknown')) return forwarded;
  return peer;
}
