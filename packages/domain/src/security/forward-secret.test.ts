import { describe, expect, it } from 'vitest';
import { deriveForwardSecret, provesForwarding } from './forward-secret.ts';

describe('forward secret', () => {
  it('is derived from the server secret, differs per secret, and only the right one proves', () => {
    const a = deriveForwardSecret(Buffer.alloc(32, 1));
    const b = deriveForwardSecret(Buffer.alloc(32, 2));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(deriveForwardSecret(Buffer.alloc(32, 1))).toBe(a);
    expect(provesForwarding(a, a)).toBe(true);
    expect(provesForwarding(b, a)).toBe(false);
    expect(provesForwarding('', a)).toBe(false);
  });
});
