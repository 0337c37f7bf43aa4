// Live standings of an open cycle (citizen channel, from running tallies).
import { z } from 'zod';

export const liveStandingSchema = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  category: z.object({ id: z.uuid(), name: z.string() }),
  n: z.number().int(),
  score: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  satisfiedShare: z.number().nullable(),
  sufficient: z.boolean(),
  rank: z.number().int().nullable(),
});

export const liveStandingsResponseSchema = z.object({
  cycleId: z.uuid(),
  minCitizenSample: z.number().int(),
  asOf: z.iso.datetime(),
  units: z.array(liveStandingSchema),
});
export type LiveStandingsResponse = z.infer<typeof liveStandingsResponseSchema>;
