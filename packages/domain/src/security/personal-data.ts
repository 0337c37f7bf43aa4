// Encryption at rest for personal data (a citizen's callback phone number): AES-256-GCM with
// a key derived from the server secret. Stored as version byte | 12-byte IV | 16-byte tag | data.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 1;

export function derivePersonalDataKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'kaimen', 'personal data aes-256-gcm', 32));
}

export function encryptPersonal(key: Uint8Array, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), data]);
}

export function decryptPersonal(key: Uint8Array, stored: Uint8Array): string {
  const buf = Buffer.from(stored);
  if (buf[0] !== FORMAT) throw new Error('unknown personal data format');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 13));
  decipher.setAuthTag(buf.subarray(13, 29));
  return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8');
}
