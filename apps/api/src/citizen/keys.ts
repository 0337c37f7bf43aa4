// Keys derived from the server secret, computed once per secret.
import { createHmac } from 'node:crypto';
import { deriveFormTokenKey, derivePersonalDataKey, deriveQrKey } from '@kaimen/domain';

const cache = new WeakMap<Uint8Array, Map<string, Buffer>>();

function memo(secret: Uint8Array, name: string, derive: () => Buffer): Buffer {
  let keys = cache.get(secret);
  if (!keys) {
    keys = new Map();
    cache.set(secret, keys);
  }
  let key = keys.get(name);
  if (!key) {
    key = derive();
    keys.set(name, key);
  }
  return key;
}

export const qrKey = (secret: Uint8Array, organiserId: string, version: number) =>
  memo(secret, `qr:${organiserId}:${version}`, () => deriveQrKey(secret, organiserId, version));
export const personalKey = (secret: Uint8Array) =>
  memo(secret, 'personal', () => derivePersonalDataKey(secret));
export const formKey = (secret: Uint8Array) => memo(secret, 'form', () => deriveFormTokenKey(secret));

/** Limit buckets hold a keyed hash, never a raw IP address or browser id. */
export function bucketHash(secret: Uint8Array, value: string): string {
  const key = memo(secret, 'bucket', () => createHmac('sha256', secret).update('limit buckets').digest());
  return createHmac('sha256', key).update(value).digest('base64url').slice(0, 22);
}

// A hall's Wi-Fi sends many ratings from one address: hash each address once per secret.
const addressHashes = new WeakMap<Uint8Array, Map<string, string>>();
const MAX_ADDRESSES = 10_000;

/** bucketHash of a client address, remembered. */
export function addressHash(secret: Uint8Array, address: string): string {
  let hashes = addressHashes.get(secret);
  if (!hashes) {
    hashes = new Map();
    addressHashes.set(secret, hashes);
  }
  let hash = hashes.get(address);
  if (hash === undefined) {
    hash = bucketHash(secret, address);
    if (hashes.size >= MAX_ADDRESSES) hashes.clear();
    hashes.set(address, hash);
  }
  return hash;
}
