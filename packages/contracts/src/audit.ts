// The audit log as organisers read it: who did what, when, to which record, before and after.
import { z } from 'zod';
import { text } from './text.ts';

export const auditQuerySchema = z.object({
  /** Entries older than this id (the next page). */
  before: z.coerce.number().int().positive().optional(),
  /** An action or its prefix, e.g. "cycle." or "indicator_scores.import". */
  action: text({ max: 64 })
    .regex(/^[a-z_.]{1,64}$/, { error: '操作名只含小写字母、_ 和 . (lower-case letters, _ and .)' })
    .optional(),
  entityId: text({ max: 100 }).optional(),
});

export const auditPageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: z.iso.datetime(),
      actor: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
  /** Pass as `before` for the next page; null on the last page. */
  next: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
