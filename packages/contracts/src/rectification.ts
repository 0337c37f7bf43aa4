// 整改清单 items as the API serves and accepts them.
import { z } from 'zod';
import { text } from './text.ts';

export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'submitted', 'closed'] as const;

export const rectificationSummarySchema = z.object({
  id: z.uuid(),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  source: z.enum(['negative_list', 'low_indicator', 'finding', 'manual']),
  problem: z.string(),
  owner: z.string().nullable(),
  dueOn: z.iso.date().nullable(),
  status: z.enum(RECTIFICATION_STATUSES),
  overdue: z.boolean(),
});
export const rectificationListSchema = z.object({ items: z.array(rectificationSummarySchema) });
export const rectificationDetailSchema = rectificationSummarySchema.extend({
  measures: z.string().nullable(),
  evidence: z.string().nullable(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type RectificationDetail = z.infer<typeof rectificationDetailSchema>;

export const rectificationListQuerySchema = z.object({ status: z.enum(RECTIFICATION_STATUSES).optional() });

export const createRectificationSchema = z.object({
  unitId: z.uuid(),
  problem: text({ min: 2, max: 2000, multiline: true }),
  dueOn: z.iso.date().optional(),
});

/** The unit's answer: measures, owner, evidence; "submitted" asks the organiser to close it out. */
export const updateRectificationSchema = z.object({
  measures: text({ max: 4000, multiline: true }).optional(),
  owner: text({ max: 100 }).optional(),
  evidence: text({ max: 4000, multiline: true }).optional(),
  status: z.enum(['in_progress', 'submitted']).optional(),
});

/** The organiser's verdict: close out (对账销号) or send back. */
export const reviewRectificationSchema = z.object({
  decision: z.enum(['close', 'reopen']),
  note: text({ min: 2, max: 2000, multiline: true }),
});
