import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok') });

export const readyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['reachable', 'unreachable']),
  migrations: z.object({
    current: z.boolean(),
    pending: z.array(z.string()),
    problem: z.string().optional(),
  }),
  /** Which database each part uses: writes and exact reads always the primary; lag-tolerant reads the replica while it is healthy. */
  parts: z.object({
    writes: z.literal('primary'),
    laggingReads: z.object({
      uses: z.enum(['primary', 'replica']),
      reason: z.string(),
      replicaLagSeconds: z.number().nullable(),
      fallbacks: z.number().int(),
    }),
  }),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
