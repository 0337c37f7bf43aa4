import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptPersonal, derivePersonalDataKey, encryptPersonal } from './personal-data.ts';
import { deriveQrKey, parseWindowCode, signWindowCode, verifyWindowCode } from './window-code.ts';

const secret = randomBytes(32);
const organiser = '6f1c2d3e-4a5b-4c6d-8e7f-001122334455';
const servicePointId = '0a1b2c3d-4e5f-4a6b-9c7d-8e9f00112233';

describe('window codes', () => {
  const key = deriveQrKey(secret, organiser, 1);
  const code = signWindowCode({ key, servicePointId, version: 1 });

  it('verify what they signed', () => {
    const parsed = parseWindowCode(code);
    expect(parsed?.servicePointId).toBe(servicePointId);
    expect(parsed && verifyWindowCode(parsed, key)).toBe(true);
  });

  it('refuse a tampered service point, version or tag', () => {
    const otherPoint = code.replace(servicePointId, '0a1b2c3d-4e5f-4a6b-9c7d-8e9f00112234');
    const parsedOther = parseWindowCode(otherPoint);
    expect(parsedOther && verifyWindowCode(parsedOther, key)).toBe(false);
    const bumped = parseWindowCode(code.replace('.1.', '.2.'));
    expect(bumped && verifyWindowCode(bumped, deriveQrKey(secret, organiser, 2))).toBe(false);
    // Change a character in the middle of the tag (every bit there is significant).
    const at = code.length - 10;
    const flippedChar = code[at] === 'A' ? 'B' : 'A';
    const flipped = parseWindowCode(code.slice(0, at) + flippedChar + code.slice(at + 1));
    expect(flipped && verifyWindowCode(flipped, key)).toBe(false);
  });

  it('refuse a non-canonical spelling of a valid tag', () => {
    const last = code.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Same 2 significant bits, different padding bits: decodes to the very same bytes.
    const sibling = alphabet[(alphabet.indexOf(last) & ~15) | ((alphabet.indexOf(last) + 1) & 15)] as string;
    expect(parseWindowCode(code.slice(0, -1) + sibling)).toBeUndefined();
  });

  it('refuse codes signed with another secret or organiser', () => {
    const parsed = parseWindowCode(code)!;
    expect(verifyWindowCode(parsed, deriveQrKey(randomBytes(32), organiser, 1))).toBe(false);
    expect(verifyWindowCode(parsed, deriveQrKey(secret, '6f1c2d3e-4a5b-4c6d-8e7f-001122334456', 1))).toBe(
      false,
    );
  });

  it.each([
    '',
    'abc',
    `${servicePointId}.1`,
    `not-a-uuid.1.${'A'.repeat(22)}`,
    `${servicePointId}.0.${'A'.repeat(22)}`,
    `${servicePointId}.1.${'A'.repeat(21)}`,
  ])('do not parse %j', (input) => {
    expect(parseWindowCode(input)).toBeUndefined();
  });
});

describe('personal data encryption', () => {
  const key = derivePersonalDataKey(secret);

  it('round-trips and never stores the plaintext', () => {
    const stored = encryptPersonal(key, '13800138000');
    expect(stored.includes(Buffer.from('13800138000'))).toBe(false);
    expect(decryptPersonal(key, stored)).toBe('13800138000');
    // A fresh IV every time: equal phones do not give equal ciphertexts.
    expect(encryptPersonal(key, '13800138000').equals(stored)).toBe(false);
  });

  it('detects tampering and a wrong key', () => {
    const stored = encryptPersonal(key, '13800138000');
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => decryptPersonal(key, tampered)).toThrow();
    expect(() => decryptPersonal(derivePersonalDataKey(randomBytes(32)), stored)).toThrow();
  });
});
