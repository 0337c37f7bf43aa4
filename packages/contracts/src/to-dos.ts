// A person's console to-dos (工作台): what waits for their roles, each with its screen.
import { TO_DO_KINDS } from '@kaimen/domain';
import { z } from 'zod';

export const toDosResponseSchema = z.object({
  /** The cycle the cycle-bound to-dos are about; null when none has opened yet. */
  cycle: z.object({ id: z.uuid(), name: z.string(), state: z.string() }).nullable(),
  toDos: z.array(
    z.object({
      kind: z.enum(TO_DO_KINDS),
      count: z.number().int().min(1),
      href: z.string(),
    }),
  ),
});
export type ToDosResponse = z.infer<typeof toDosResponseSchema>;
