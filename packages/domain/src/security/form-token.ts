// A token served with the rating form that says when it was served, so the API can tell how
// long the form took to fill. HMAC-signed: a client cannot claim an earlier start. Each page
// render gets its own (a random nonce), so the API can take each token once.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export function deriveFormTokenKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'kaimen', 'rating form token', 32));
}

const mac = (key: Uint8Array, body: string) =>
  createHmac('sha256', key).update(body).digest().subarray(0, 16);

export function issueFormToken(key: Uint8Array, servicePointId: string, issuedAt: Date): string {
  const nonce = randomBytes(9).toString('base64url');
  const body = `${Math.floor(issuedAt.getTime() / 1000)}.${servicePointId}.${nonce}`;
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** When a form token was issued, or undefined when it is missing, forged or for another window. */
export function readFormToken(
  key: Uint8Array,
  token: string | undefined,
  servicePointId: string,
): { issuedAt: Date } | undefined {
  if (!token) return undefined;
  const [issued, sp, nonce, sig, extra] = token.split('.');
  if (!issued || !sp || !nonce || !sig || extra !== undefined) return undefined;
  if (sp !== servicePointId || !/^\d{1,12}$/.test(issued)) return undefined;
  const expected = mac(key, `${issued}.${sp}.${nonce}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.toString('base64url') !== sig) return undefined;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { issuedAt: new Date(Number(issued) * 1000) };
}

/** Seconds since the form was served, or undefined when the token is missing, forged or for another window. */
export function formFillSeconds(
  key: Uint8Array,
  token: string | undefined,
  servicePointId: string,
  now: Date,
): number | undefined {
  const read = readFormToken(key, token, servicePointId);
  return read ? (now.getTime() - read.issuedAt.getTime()) / 1000 : undefined;
}

/**
 * An opaque per-browser id (the rater cookie), signed so a client cannot make up a new one per
 * rating: an id that does not verify counts as no cookie at all.
 */
export function issueRaterId(key: Uint8Array): string {
  const id = randomBytes(16).toString('base64url');
  return `${id}${mac(key, `rater.${id}`).subarray(0, 12).toString('base64url')}`;
}

export function verifyRaterId(key: Uint8Array, raterId: string | undefined): boolean {
  if (!raterId || raterId.length !== 38 || !/^[A-Za-z0-9_-]+$/.test(raterId)) return false;
  const id = raterId.slice(0, 22);
  const given = Buffer.from(raterId.slice(22), 'base64url');
  const expected = mac(key, `rater.${id}`).subarray(0, 12);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
