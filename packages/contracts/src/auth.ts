import { ROLES } from '@kaimen/domain';
import { z } from 'zod';
import { text } from './text.ts';

export const signInRequestSchema = z.object({
  login: text({ min: 3, max: 100 })
    .toLowerCase()
    .regex(/^[a-z0-9._@-]+$/),
  password: text({ min: 1, max: 200, trim: false }),
  /** The 6-digit code of the authenticator app, for accounts with the second factor on. */
  otp: text({ max: 6 })
    .regex(/^\d{6}$/, { error: '验证码为 6 位数字 (the code has 6 digits)' })
    .optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const staffIdentitySchema = z.object({
  userId: z.uuid(),
  login: z.string(),
  displayName: z.string(),
  organisation: z.object({ id: z.uuid(), kind: z.string(), name: z.string() }),
  roles: z.array(z.enum(ROLES)),
  totpEnabled: z.boolean(),
});
export type StaffIdentity = z.infer<typeof staffIdentitySchema>;

export const signInResponseSchema = z.object({
  session: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
  user: staffIdentitySchema,
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** Setting up the second factor: the secret to put in an authenticator app, as text and QR. */
export const totpSetupSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export const totpCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { error: '验证码为 6 位数字 (the code has 6 digits)' }),
});
