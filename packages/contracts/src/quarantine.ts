// The organiser's view of held citizen ratings: batches decided in one action, the window bound
// that explains "more ratings than this window serves", windows whose held share jumped, and
// pausing a window's QR rating.
import { z } from 'zod';
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
