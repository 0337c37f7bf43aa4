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
    /** The rater cookie: an opaque per-browser id the API signed (rating-form's raterId). */
    raterId: text({ max: 64, trim: false })
      .regex(/^[A-Za-z0-9_-]{16,64}$/)
      .optional(),
    /** A window rating device's own time of the tap (sent later from its offline queue); devices only. */
    ratedAt: z.iso.datetime({ offset: true }).optional(),
    /** A window device rating the visit the queue system created (GET /v1/device/visits/next); devices only. */
    visitId: z.uuid().optional(),
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
  /** The rater cookie to keep: the one sent in x-rater-id when it is valid, else a new one. */
  raterId: z.string(),
});
export type RatingFormResponse = z.infer<typeof ratingFormResponseSchema>;

export const createVisitResponseSchema = z.object({
  token: z.string(),
  url: z.url(),
  expiresAt: z.iso.datetime(),
  qrSvg: z.string(),
});
export type CreateVisitResponse = z.infer<typeof createVisitResponseSchema>;

/** What a window rating device (/device) shows: its window and what citizens rate there. */
export const deviceContextResponseSchema = z.object({
  device: z.object({ id: z.uuid(), name: z.string() }),
  servicePoint: z.object({ id: z.uuid(), name: z.string() }),
  unit: z.object({ name: z.string() }),
  cycle: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  aspects: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  /** The window's signed code, which the device's ratings name. */
  windowCode: z.string(),
  /** The rating screen goes back to waiting after this long untouched. */
  idleSeconds: z.number().int(),
});
export type DeviceContextResponse = z.infer<typeof deviceContextResponseSchema>;

export const nextVisitQuerySchema = z.object({ after: z.iso.datetime({ offset: true }) });
export const nextVisitResponseSchema = z.object({
  visit: z.object({ id: z.uuid(), issuedAt: z.iso.datetime() }).nullable(),
});
