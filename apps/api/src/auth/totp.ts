// TOTP second factor (RFC 6238: 6 digits, 30 s, SHA-1 — what every authenticator app reads from
// a QR code). The arithmetic is otpauth's; this file only fixes the parameters and reports the
// time step a code belongs to, so a code already used can be refused.
import { Secret, TOTP } from 'otpauth';

const ISSUER = '开门考评 Kaimen';
const PERIOD = 30;

const totpOf = (base32: string, label = 'staff') =>
  new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(base32), digits: 6, period: PERIOD });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(base32: string, login: string): string {
  return totpOf(base32, login).toString();
}

/** The time step the code is valid for (one step of clock drift either way), or null. */
export function verifyTotp(base32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(base32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** For tests and tools: the code an authenticator app would show at `now`. */
export function totpCode(base32: string, now: Date): string {
  return totpOf(base32).generate({ timestamp: now.getTime() });
}
