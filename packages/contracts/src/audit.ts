// The audit log as organisers read it: who did what, when, to which record (by name), and what
// changed (old → new), filtered and a page at a time.
import { z } from 'zod';
import { labelFields } from './field-labels.ts';
import { PAGE_LABELS, pageOf, pageQueryShape } from './paging.ts';
import { text } from './text.ts';

const day = z.iso.date({ error: '日期格式应为 YYYY-MM-DD (a date as YYYY-MM-DD)' });

export const auditQuerySchema = z.object({
  ...pageQueryShape,
  /** An action or its prefix, e.g. "cycle." or "indicator_scores.import". */
  action: text({ max: 64 })
    .regex(/^[a-z_.]{1,64}$/, { error: '操作名只含小写字母、_ 和 . (lower-case letters, _ and .)' })
    .optional(),
  entityId: text({ max: 100 }).optional(),
  /** The staff member who acted. */
  actorId: z.uuid().optional(),
  /** From and to China days, both included. */
  from: day.optional(),
  to: day.optional(),
});
labelFields(auditQuerySchema, {
  ...PAGE_LABELS,
  actorId: { 'zh-CN': '操作人', en: 'actor' },
  from: { 'zh-CN': '起始日期', en: 'from' },
  to: { 'zh-CN': '截止日期', en: 'to' },
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** One changed field: what it held before and after, ids shown as the names they stand for. */
export const auditChangeSchema = z.object({
  field: z.string(),
  /** null: the field was not there (created, or removed). */
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type AuditChange = z.infer<typeof auditChangeSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** The record's name (unit, window, cycle, user …) where it has one; null otherwise. */
  entityName: z.string().nullable(),
  /** Changed fields only. */
  changes: z.array(auditChangeSchema),
  before: z.unknown(),
  after: z.unknown(),
});

export const auditPageSchema = pageOf(auditEntrySchema).extend({
  /** The staff members who may appear as actors, for the filter. */
  actors: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
