// Window QR codes: a static, signed reference to a service point that a poster can carry for
// years. Signed with HMAC-SHA256 under a key derived from the server secret, the organiser and a
// key version, so an organiser can rotate keys and revoke old posters version by version.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// 128-bit tags: short enough for a QR code an old phone camera reads, long enough not to forge.
const TAG_BYTES = 16;

export function deriveQrKey(secret: Uint8Array, organiserId: string, version: number): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, organiserId, `kaimen window qr v${version}`, 32));
}

function tag(key: Uint8Array, servicePointId: string, version: number): Buffer {
  return createHmac('sha256', key).update(`sp:${servicePointId}:v${version}`).digest().subarray(0, TAG_BYTES);
}

/** `<service point id>.<version>.<tag>`, safe in a URL path. */
export function signWindowCode(opts: { key: Uint8Array; servicePointId: string; version: number }): string {
  return `${opts.servicePointId}.${opts.version}.${tag(opts.key, opts.servicePointId, opts.version).toString('base64url')}`;
}

export interface ParsedWindowCode {
  servicePointId: string;
  version: number;
  tag: Buffer;
}

/** Splits a code without trusting it; undefined when it cannot be one of ours. */
export function parseWindowCode(code: string): ParsedWindowCode | undefined {
  const parts = code.split('.');
  if (parts.length !== 3) return undefined;
  const [id, version, sig] = parts as [string, string, string];
  if (!UUID.test(id) || !/^[1-9]\d{0,5}$/.test(version) || !/^[A-Za-z0-9_-]{22}$/.test(sig)) return undefined;
  const tagBytes = Buffer.from(sig, 'base64url');
  // The last of 22 characters carries 4 unused bits: accept only the one canonical spelling,
  // or several different codes would verify for the same window.
  if (tagBytes.toString('base64url') !== sig) return undefined;
  return { servicePointId: id, version: Number(version), tag: tagBytes };
}

export function verifyWindowCode(parsed: ParsedWindowCode, key: Uint8Array): boolean {
  const expected = tag(key, parsed.servicePointId, parsed.version);
  return parsed.tag.length === expected.length && timingSafeEqual(parsed.tag, expected);
}
