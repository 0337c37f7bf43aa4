import { z } from 'zod';

export const disclosureResponseSchema = z.object({
  organiser: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  publication: z
    .object({
      cycleName: z.string(),
      revision: z.number().int(),
      publishedAt: z.iso.datetime(),
      minSample: z.number().int(),
      categories: z.array(
        z.object({
          name: z.string(),
          units: z.array(
            z.object({
              name: z.string(),
              grade: z.string().nullable(),
              rank: z.number().int().nullable(),
              negativeList: z.boolean(),
              /** null when withheld: too few ratings (样本不足), or a count of 1–4 behind the share. */
              satisfaction: z.object({ n: z.number().int(), satisfiedShare: z.number() }).nullable(),
              withheld: z.enum(['small_sample', 'protected']).nullable(),
              /** null where a count of 1–4 (or a partner of one) is suppressed. */
              ratings: z.number().int().nullable(),
              rectification: z.object({ total: z.number().int(), closed: z.number().int() }),
            }),
          ),
        }),
      ),
    })
    .nullable(),
});
export type Disclosure = z.infer<typeof disclosureResponseSchema>;
