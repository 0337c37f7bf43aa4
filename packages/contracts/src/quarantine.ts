// The organiser's view of held citizen ratings: batches decided in one action, the window bound
// that explains "more ratings than this window serves", windows whose held share jumped, and
// pausing a window's QR rating.
import { QUARANTINE_REASONS } from '@kaimen/domain';
import { z } from 'zod';
import { labelFields } from './field-labels.ts';
import { PAGE_LABELS, pageOf, pageQueryShape } from './paging.ts';
import { text } from './text.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const windowBoundSchema = z.object({
  expectedPerDay: z.number(),
  expectedPerHour: z.number(),
  basis: z.enum(['history', 'volume', 'minimum']),
  hour: z.number().int(),
  day: z.number().int(),
  addressHour: z.number().int(),
  addressDay: z.number().int(),
  noCookieHour: z.number().int(),
  noCookieDay: z.number().int(),
  multiple: z.number(),
  historyDays: z.number().int(),
  addressShare: z.number(),
  noCookieShare: z.number(),
});
export type WindowBoundView = z.infer<typeof windowBoundSchema>;

export const quarantineBatchSchema = z.object({
  servicePointId: z.uuid(),
  servicePoint: z.string(),
  unit: z.string(),
  paused: z.boolean(),
  day,
  reason: z.string(),
  count: z.number().int(),
  firstAt: z.iso.datetime(),
  lastAt: z.iso.datetime(),
  meanOverall: z.number(),
  comments: z.array(z.string()),
});

export const quarantineBatchesResponseSchema = z.object({
  batches: z.array(quarantineBatchSchema),
  /** The window bound today of each window with a batch, by service point id. */
  bounds: z.record(z.string(), windowBoundSchema),
  /** The other quarantine thresholds (configuration). */
  thresholds: z.object({
    minFillSeconds: z.number(),
    burstPerMinute: z.number().int(),
    identicalPer10Minutes: z.number().int(),
    formTokenMinutes: z.number().int(),
  }),
});
export type QuarantineBatchesResponse = z.infer<typeof quarantineBatchesResponseSchema>;

export const quarantineBatchDecisionSchema = z.object({
  servicePointId: z.uuid(),
  day,
  reason: text({ min: 1, max: 200 }),
  decision: z.enum(['release', 'reject']),
  note: text({ min: 2, max: 1000, multiline: true }),
});
export type QuarantineBatchDecision = z.infer<typeof quarantineBatchDecisionSchema>;

export const quarantineBatchDecisionResponseSchema = z.object({ decided: z.number().int() });

export const windowAlertSchema = z.object({
  servicePointId: z.uuid(),
  servicePoint: z.string(),
  unit: z.string(),
  paused: z.boolean(),
  recentTotal: z.number().int(),
  recentHeld: z.number().int(),
  recentRejected: z.number().int(),
  recentShare: z.number(),
  baseShare: z.number(),
  reasons: z.record(z.string(), z.number().int()),
});
export const windowAlertsResponseSchema = z.object({
  windows: z.array(windowAlertSchema),
  recentHours: z.number().int(),
});
export type WindowAlertsResponse = z.infer<typeof windowAlertsResponseSchema>;

export const ratingPauseSchema = z.object({ reason: text({ min: 2, max: 1000, multiline: true }) });
export const ratingPauseResponseSchema = z.object({ paused: z.boolean() });

/** Why a rating is held (for filters; the web app imports contracts, not the domain). */
export const HELD_REASONS = QUARANTINE_REASONS;

/** The held ratings one at a time, filtered, a page at a time (newest first). */
export const quarantineFilterShape = {
  /** Ratings held for this reason (among others). */
  reason: z.enum(QUARANTINE_REASONS).optional(),
  unitId: z.uuid().optional(),
};
export const quarantineListQuerySchema = z.object({ ...pageQueryShape, ...quarantineFilterShape });
labelFields(quarantineListQuerySchema, PAGE_LABELS);
export type QuarantineListQuery = z.infer<typeof quarantineListQuerySchema>;

export const heldRatingSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  overall: z.number().int(),
  /** Scrubbed of personal data: the organiser never reads a comment as written. */
  comment: z.string().nullable(),
  /** The reasons it is held, comma-separated codes (QUARANTINE_REASONS). */
  reason: z.string().nullable(),
  unit: z.string(),
  unitId: z.uuid(),
  servicePoint: z.string(),
});
export const quarantineListResponseSchema = pageOf(heldRatingSchema).extend({
  /**
   * The newest held rating matching the filter when the list was read: "all matching" decides
   * nothing held after it, so ratings that arrive while the organiser reads are not swept in.
   */
  asOfId: z.string().nullable(),
});
export type QuarantineListResponse = z.infer<typeof quarantineListResponseSchema>;

const ratingId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, { error: '评价编号应为正整数 (a rating id is a positive integer)' });
export const BULK_IDS_MAX = 500;

/**
 * One decision with one reason for many held ratings, in one transaction, audited per rating:
 * either the ratings ticked (`ratingIds`), or every one matching the filter up to `asOfId`.
 */
export const quarantineBulkDecisionSchema = z
  .object({
    decision: z.enum(['release', 'reject']),
    reason: text({ min: 2, max: 1000, multiline: true }),
    ratingIds: z.array(ratingId).min(1).max(BULK_IDS_MAX).optional(),
    all: z.object({ ...quarantineFilterShape, asOfId: ratingId }).optional(),
  })
  .refine((b) => (b.ratingIds === undefined) !== (b.all === undefined), {
    error: '请勾选评价，或选择“全部符合筛选条件的评价” (tick ratings, or choose all matching the filter)',
    path: ['ratingIds'],
  });
labelFields(quarantineBulkDecisionSchema, {
  ratingIds: { 'zh-CN': '所选评价', en: 'selected ratings' },
  all: { 'zh-CN': '全部符合筛选条件的评价', en: 'all matching the filter' },
  'all.asOfId': { 'zh-CN': '列表读取时最新的评价', en: 'newest rating when the list was read' },
});
export type QuarantineBulkDecision = z.infer<typeof quarantineBulkDecisionSchema>;
export const quarantineBulkDecisionResponseSchema = z.object({ decided: z.number().int() });
