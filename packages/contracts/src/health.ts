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
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
