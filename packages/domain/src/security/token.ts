// Opaque bearer tokens: 256 random bits shown once, stored only as their SHA-256.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): { token: string; hash: Uint8Array } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Uint8Array {
  return createHash('sha256').update(token).digest();
}
