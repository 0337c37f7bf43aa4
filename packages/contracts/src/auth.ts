import { ROLES } from '@kaimen/domain';
import { z } from 'zod';

export const signInRequestSchema = z.object({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(100)
    .regex(/^[a-z0-9._@-]+$/),
  password: z.string().min(1).max(200),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const staffIdentitySchema = z.object({
  userId: z.uuid(),
  login: z.string(),
  displayName: z.string(),
  organisation: z.object({ id: z.uuid(), kind: z.string(), name: z.string() }),
  roles: z.array(z.enum(ROLES)),
});
export type StaffIdentity = z.infer<typeof staffIdentitySchema>;

export const signInResponseSchema = z.object({
  session: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
  user: staffIdentitySchema,
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;
