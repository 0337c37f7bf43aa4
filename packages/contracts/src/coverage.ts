// Coverage warnings before computing a cycle (GET /v1/cycles/:id/coverage): what the inputs do
// not reach, each with what the computation will do about it, in the reader's language.
import { z } from 'zod';

export const coverageWarningSchema = z.object({
  kind: z.enum([
    'window_without_volume',
    'window_volume_gap',
    'volume_ends_before_ratings',
    'volume_period_outside_cycle',
    'citizen_below_minimum',
    'panel_below_min_ballots',
    'panel_quorum_not_met',
  ]),
  unitId: z.uuid(),
  unitName: z.string(),
  servicePointId: z.uuid().nullable(),
  servicePointName: z.string().nullable(),
  /** What was found, and what the computation does about it. */
  message: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export const coverageResponseSchema = z.object({
  cycleId: z.uuid(),
  counts: z.record(z.string(), z.number().int()),
  warnings: z.array(coverageWarningSchema),
});
export type CoverageResponse = z.infer<typeof coverageResponseSchema>;
