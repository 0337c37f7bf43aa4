import { z } from 'zod';
import { text } from './text.ts';

export const modelTitleListSchema = z.object({
  titles: z.array(
    z.object({
      id: z.uuid(),
      unit: z.object({ id: z.uuid(), name: z.string() }),
      awardedYear: z.number().int(),
      delistedOn: z.iso.date().nullable(),
      lastReview: z
        .object({ decision: z.enum(['keep', 'delist']), reason: z.string(), decidedAt: z.iso.datetime() })
        .nullable(),
    }),
  ),
});
export const createModelTitleSchema = z.object({
  unitId: z.uuid(),
  awardedYear: z.number().int().min(2000).max(2100),
});
export const reReviewSchema = z.object({
  cycleId: z.uuid(),
  decision: z.enum(['keep', 'delist']),
  reason: text({ min: 2, max: 2000, multiline: true }),
});
