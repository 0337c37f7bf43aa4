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
              /** null when fewer ratings than the minimum sample: shown as 样本不足. */
              satisfaction: z.object({ n: z.number().int(), satisfiedShare: z.number() }).nullable(),
              ratings: z.number().int(),
              rectification: z.object({ total: z.number().int(), closed: z.number().int() }),
            }),
          ),
        }),
      ),
    })
    .nullable(),
});
export type Disclosure = z.infer<typeof disclosureResponseSchema>;
