import { z } from 'zod';

/** What the public home page shows about the platform's organisers and current cycles. */
export const overviewResponseSchema = z.object({
  organisers: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      nameEn: z.string().nullable(),
      code: z.string(),
      units: z.number().int(),
      servicePoints: z.number().int(),
      /** The newest cycle with published results (never a draft or a running one). */
      publishedCycle: z
        .object({
          id: z.uuid(),
          name: z.string(),
          state: z.string(),
          citizenRatings: z.number().int(),
        })
        .nullable(),
    }),
  ),
});
export type OverviewResponse = z.infer<typeof overviewResponseSchema>;
