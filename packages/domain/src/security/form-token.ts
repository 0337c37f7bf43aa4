// A token served with the rating form that says when it was served, so the API can tell how
// long the form took to fill. HMAC-signed: a client cannot claim an earlier start.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export function deriveFormTokenKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'kaimen', 'rating form token', 32));
}

const mac = (key: Uint8Array, body: string) =>
  createHmac('sha256', key).update(body).digest().subarray(0, 16);

export function issueFormToken(key: Uint8Array, servicePointId: string, issuedAt: Date): string {
  const body = `${Math.floor(issuedAt.getTime() / 1000)}.${servicePointId}`;
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** Seconds since the form was served, or undefined when the token is missing, forged or for another window. */
export function formFillSeconds(
  key: Uint8Array,
  token: string | undefined,
  servicePointId: string,
  now: Date,
): number | undefined {
  if (!token) return undefined;
  const [issued, sp, sig] = token.split('.');
  if (!issued || !sp || !sig || sp !== servicePointId || !/^\d{1,12}$/.test(issued)) return undefined;
  const expected = mac(key, `${issued}.${sp}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.toString('base64url') !== sig) return undefined;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return now.getTime() / 1000 - Number(issued);
}
