// The web app forwards each citizen's address to the API (X-Forwarded-For) and proves it is the
// web app with a shared secret in X-Kaimen-Forward-Secret. Without the proof the API believes a
// forwarded address only from a configured proxy (TRUSTED_PROXIES), never from any loopback peer:
// a script on the host could otherwise pose as the web app with a new address per request.
import { createHash, hkdfSync, timingSafeEqual } from 'node:crypto';

export const FORWARD_SECRET_HEADER = 'x-kaimen-forward-secret';

/** The proof `pnpm start` hands the web app when KAIMEN_FORWARD_SECRET is not set. */
export function deriveForwardSecret(serverSecret: Uint8Array): string {
  return Buffer.from(hkdfSync('sha256', serverSecret, '', 'kaimen forwarded-for v1', 32)).toString(
    'base64url',
  );
}

/** Constant-time comparison of a presented proof with the expected one. */
export function provesForwarding(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
