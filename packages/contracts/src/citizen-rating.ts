// The citizen rating channel: what the rating page needs and what a rating submission holds.
import { z } from 'zod';
import { text } from './text.ts';

const level = z.number().int().min(1).max(5);

/** Mainland mobile (1xx xxxx xxxx, optional +86) or a landline with area code; separators allowed. */
export const callbackPhoneSchema = text({ max: 40 })
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^\+?86/, ''))
  .pipe(
    z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}\d{7,8})$/, {
      error: '请输入有效的手机号码或带区号的固定电话 (a valid mobile or landline number)',
    }),
  );

export const submitRatingRequestSchema = z
  .object({
    /** Client-generated; retrying with the same key never stores a second rating. */
    idempotencyKey: z.uuid(),
    windowCode: text({ min: 1, max: 200, trim: false }).optional(),
    visitToken: text({ max: 43, trim: false })
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .optional(),
    overall: level,
    aspects: z.record(text({ max: 32, trim: false }).regex(/^[a-z][a-z0-9_]{0,31}$/), level).default({}),
    comment: text({ max: 500, multiline: true }).optional(),
    callback: z.object({ phone: callbackPhoneSchema, consent: z.literal(true) }).optional(),
    /** Honeypot: a field hidden from people. */
    website: text({ max: 500, trim: false }).optional(),
    /** Issued with the form; tells how long the form took to fill. */
    formToken: text({ max: 200, trim: false }).optional(),
    /** Opaque per-browser id set by the web app, for the per-device daily limit. */
    raterId: text({ max: 64, trim: false })
      .regex(/^[A-Za-z0-9_-]{16,64}$/)
      .optional(),
  })
  .refine((r) => (r.windowCode === undefined) !== (r.visitToken === undefined), {
    error: 'windowCode 与 visitToken 必须且只能提供一个 (give exactly one of windowCode and visitToken)',
    path: ['windowCode'],
  });
export type SubmitRatingRequest = z.infer<typeof submitRatingRequestSchema>;

export const submitRatingResponseSchema = z.object({
  ratingId: z.string(),
  verified: z.boolean(),
  /** A negative rating with a comment opened a case the unit must answer. */
  caseOpened: z.boolean(),
});
export type SubmitRatingResponse = z.infer<typeof submitRatingResponseSchema>;

export const ratingFormQuerySchema = z
  .object({
    code: text({ min: 1, max: 200, trim: false }).optional(),
    visit: text({ max: 100, trim: false }).optional(),
  })
  .refine((q) => (q.code === undefined) !== (q.visit === undefined), { error: 'give code or visit' });

export const ratingFormResponseSchema = z.object({
  servicePoint: z.object({ id: z.uuid(), name: z.string() }),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  cycle: z.object({ id: z.uuid(), name: z.string() }),
  aspects: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  verified: z.boolean(),
  formToken: z.string(),
});
export type RatingFormResponse = z.infer<typeof ratingFormResponseSchema>;

export const createVisitResponseSchema = z.object({
  token: z.string(),
  url: z.url(),
  expiresAt: z.iso.datetime(),
  qrSvg: z.string(),
});
export type CreateVisitResponse = z.infer<typeof createVisitResponseSchema>;
