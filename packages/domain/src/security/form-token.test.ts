import { describe, expect, it } from 'vitest';
import {
  deriveFormTokenKey,
  formFillSeconds,
  issueFormToken,
  issueRaterId,
  verifyRaterId,
} from './form-token.ts';

const key = deriveFormTokenKey(new Uint8Array(32).fill(7));
const sp = '00000000-0000-4000-8000-000000000001';
const at = new Date('2026-12-01T02:00:00Z');

describe('form tokens', () => {
  it('differ per render, so each can be taken once', () => {
    expect(issueFormToken(key, sp, at)).not.toBe(issueFormToken(key, sp, at));
  });

  it('tell the fill time for their own window only, and nothing once tampered with', () => {
    const token = issueFormToken(key, sp, at);
    expect(formFillSeconds(key, token, sp, new Date(at.getTime() + 25_000))).toBe(25);
    expect(formFillSeconds(key, token, '00000000-0000-4000-8000-000000000002', at)).toBeUndefined();
    const [issued, s, nonce, sig] = token.split('.');
    expect(formFillSeconds(key, `${Number(issued) - 60}.${s}.${nonce}.${sig}`, sp, at)).toBeUndefined();
    expect(formFillSeconds(key, `${issued}.${s}.x${nonce}.${sig}`, sp, at)).toBeUndefined();
    expect(formFillSeconds(key, `${token}.x`, sp, at)).toBeUndefined();
  });
});

describe('rater ids', () => {
  it('verify only when issued with the key', () => {
    const id = issueRaterId(key);
    expect(id).toMatch(/^[A-Za-z0-9_-]{38}$/);
    expect(verifyRaterId(key, id)).toBe(true);
    expect(verifyRaterId(deriveFormTokenKey(new Uint8Array(32).fill(8)), id)).toBe(false);
    expect(
      verifyRaterId(key, `${id.slice(0, 21)}A${id.slice(22)}`.replace(/^(.)/, id[0] === 'A' ? 'B' : 'A')),
    ).toBe(false);
    expect(verifyRaterId(key, 'made-up-browser-id-0123456789')).toBe(false);
    expect(verifyRaterId(key, undefined)).toBe(false);
  });
});
