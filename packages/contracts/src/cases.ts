// Negative-rating cases (差评整改) and the organiser's moderation of citizen ratings.
import { z } from 'zod';
import { labelFields } from './field-labels.ts';
import { PAGE_LABELS, pageOf, pageQueryShape } from './paging.ts';
import { text } from './text.ts';

export const CASE_STATES = ['open', 'verifying', 'replied', 'closed'] as const;
/** deadline: overdue first, then the nearest deadline; created: the newest case first. */
export const CASE_SORTS = ['deadline', 'created'] as const;

export const caseListQuerySchema = z.object({
  ...pageQueryShape,
  state: z.enum(CASE_STATES).optional(),
  unitId: z.uuid().optional(),
  /** "true": only overdue cases; "false": only those within their deadline (or closed). */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: z.enum(CASE_SORTS).default('deadline'),
});
labelFields(caseListQuerySchema, {
  ...PAGE_LABELS,
  overdue: { 'zh-CN': '只看已超期', en: 'overdue only' },
  sort: { 'zh-CN': '排序', en: 'sort' },
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const caseSummarySchema = z.object({
  id: z.uuid(),
  state: z.enum(CASE_STATES),
  openedAt: z.iso.datetime(),
  dueOn: z.iso.date(),
  overdue: z.boolean(),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  servicePoint: z.string(),
  overall: z.number().int(),
  comment: z.string().nullable(),
});
export const caseListResponseSchema = pageOf(caseSummarySchema);
export type CaseListResponse = z.infer<typeof caseListResponseSchema>;
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseDetailSchema = caseSummarySchema.extend({
  ratingId: z.string(),
  aspects: z.record(z.string(), z.number()),
  malicious: z.boolean(),
  verification: z.string().nullable(),
  reply: z.string().nullable(),
  callbackAt: z.iso.datetime().nullable(),
  callbackNote: z.string().nullable(),
  closedAt: z.iso.datetime().nullable(),
  /** Only for the unit handling the case, and only until it is erased. */
  callbackPhone: z.string().nullable(),
  phoneErased: z.boolean(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

const note = text({ min: 1, max: 2000, multiline: true });
export const caseActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('verify'), text: note }),
  z.object({ action: z.literal('reply'), text: note }),
  z.object({ action: z.literal('log_callback'), text: note }),
  z.object({ action: z.literal('close'), text: note.optional() }),
]);
export type CaseAction = z.infer<typeof caseActionSchema>;

export const markMaliciousSchema = z.object({ reason: text({ min: 2, max: 1000, multiline: true }) });
export const quarantineDecisionSchema = z.object({
  decision: z.enum(['release', 'reject']),
  reason: text({ min: 2, max: 1000, multiline: true }),
});
