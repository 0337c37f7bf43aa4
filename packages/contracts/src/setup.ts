// Setting up an assessment: unit categories, the unit tree, service points and their volumes,
// cycles with phases, indicator trees, channel weights and the scoring policy.
import { CHANNELS } from '@kaimen/domain';
import { z } from 'zod';
import { cyclePolicySchema } from './policy.ts';
import { text } from './text.ts';

/** The evaluator channels a category weighs, in display order. */
export const WEIGHTED_CHANNELS = CHANNELS;

const code = text({ max: 64 }).regex(/^[A-Za-z0-9_-]{1,64}$/, {
  error: '代码只能包含字母、数字、- 和 _，最长 64 位 (letters, digits, - and _)',
});
const name = (max: number) => text({ min: 1, max, noFormula: true });
/** A PATCH body must change something. */
const somethingToChange = (o: Record<string, unknown>) => Object.values(o).some((v) => v !== undefined);
const NOTHING = { error: '没有要修改的内容 (nothing to change)' };

const nameEn = (max: number) =>
  text({ max, noFormula: true })
    .optional()
    .transform((s) => s || undefined);

export const categoryInputSchema = z.object({ code, name: name(100), nameEn: nameEn(100) });
export const categoryPatchSchema = z
  .object({
    name: name(100).optional(),
    nameEn: nameEn(100),
    retired: z.boolean().optional(),
  })
  .refine(somethingToChange, NOTHING);

export const unitInputSchema = z.object({
  code,
  name: name(200),
  nameEn: nameEn(200),
  categoryId: z.uuid(),
  parentId: z.uuid().nullable().optional(),
});
export const unitPatchSchema = z
  .object({
    name: name(200).optional(),
    nameEn: nameEn(200),
    categoryId: z.uuid().optional(),
    /** Moves the unit under another one (null: to the top level). */
    parentId: z.uuid().nullable().optional(),
    retired: z.boolean().optional(),
  })
  .refine(somethingToChange, NOTHING);

export const SERVICE_POINT_KINDS = ['counter', 'hall', 'online'] as const;
export const servicePointInputSchema = z.object({
  code,
  name: name(200),
  kind: z.enum(SERVICE_POINT_KINDS).default('counter'),
});
export const servicePointPatchSchema = z
  .object({
    name: name(200).optional(),
    kind: z.enum(SERVICE_POINT_KINDS).optional(),
    retired: z.boolean().optional(),
  })
  .refine(somethingToChange, NOTHING);
export const serviceVolumeInputSchema = z
  .object({
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    volume: z.number().int().min(0).max(100_000_000),
  })
  .refine((v) => v.periodEnd >= v.periodStart, {
    error: '结束日期不能早于开始日期 (the period cannot end before it starts)',
    path: ['periodEnd'],
  });

export const structureSchema = z.object({
  categories: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      retired: z.boolean(),
      units: z.number().int(),
    }),
  ),
  units: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      categoryId: z.uuid(),
      parentId: z.uuid().nullable(),
      retired: z.boolean(),
      servicePoints: z.number().int(),
    }),
  ),
});
export type Structure = z.infer<typeof structureSchema>;

export const servicePointsSchema = z.object({
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  servicePoints: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      kind: z.enum(SERVICE_POINT_KINDS),
      retired: z.boolean(),
      volumes: z.array(
        z.object({ periodStart: z.iso.date(), periodEnd: z.iso.date(), volume: z.number().int() }),
      ),
      devices: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          kind: z.string(),
          keyPrefix: z.string(),
          revoked: z.boolean(),
        }),
      ),
    }),
  ),
});

export const cycleInputSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    name: name(200),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    /** Start from this cycle's indicator trees, channel weights, deduction rules and policy. */
    copyFrom: z.uuid().optional(),
    /** Names a second cycle of the same year apart (e.g. 专项考评); one per year without it. */
    variant: nameEn(100),
  })
  .refine((c) => c.endsOn >= c.startsOn, {
    error: '结束日期不能早于开始日期 (the cycle cannot end before it starts)',
    path: ['endsOn'],
  });

export const PHASE_KINDS = ['task_list', 'mid_year_review', 'year_end_assessment', 'spot_check'] as const;
export const phasesInputSchema = z.object({
  phases: z
    .array(
      z
        .object({
          kind: z.enum(PHASE_KINDS),
          name: name(200),
          startsOn: z.iso.date(),
          endsOn: z.iso.date(),
        })
        .refine((p) => p.endsOn >= p.startsOn, {
          error: '结束日期不能早于开始日期 (a phase cannot end before it starts)',
          path: ['endsOn'],
        }),
    )
    .max(20),
});

export const indicatorInputSchema = z
  .object({
    categoryId: z.uuid(),
    parentId: z.uuid().nullable().optional(),
    code: text({ max: 64 }).regex(/^[A-Za-z0-9_.-]{1,64}$/, {
      error: '代码只能包含字母、数字、.、- 和 _ (letters, digits, ., - and _)',
    }),
    name: name(200),
    nameEn: nameEn(200),
    weight: z.number().min(0).max(100),
    kind: z.enum(['quantitative', 'qualitative']),
    scaleMin: z.number().min(-1_000_000).max(1_000_000).default(0),
    scaleMax: z.number().min(-1_000_000).max(1_000_000).default(100),
  })
  .refine((i) => i.scaleMax > i.scaleMin, {
    error: '分值上限须大于下限 (the scale maximum must exceed the minimum)',
    path: ['scaleMax'],
  });
export const indicatorPatchSchema = z
  .object({
    name: name(200).optional(),
    weight: z.number().min(0).max(100).optional(),
    kind: z.enum(['quantitative', 'qualitative']).optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    retired: z.boolean().optional(),
  })
  .refine(somethingToChange, NOTHING);

/** Several sibling weights at once (a tree's weights are only right together). */
export const indicatorWeightsInputSchema = z.object({
  weights: z.record(z.uuid(), z.number().min(0).max(100)).refine((w) => Object.keys(w).length > 0, NOTHING),
});

export const channelWeightsInputSchema = z.object({
  weights: z.partialRecord(z.enum(CHANNELS), z.number().min(0).max(100)),
});

export const policyInputSchema = z.object({ policy: cyclePolicySchema });

export const cycleTransitionSchema = z.object({ to: z.enum(['open', 'closed']) });

export const cycleSetupSchema = z.object({
  cycle: z.object({
    id: z.uuid(),
    name: z.string(),
    year: z.number().int(),
    state: z.string(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    editable: z.boolean(),
  }),
  phases: z.array(
    z.object({ kind: z.enum(PHASE_KINDS), name: z.string(), startsOn: z.iso.date(), endsOn: z.iso.date() }),
  ),
  categories: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      units: z.number().int(),
      indicators: z.array(
        z.object({
          id: z.uuid(),
          parentId: z.uuid().nullable(),
          code: z.string(),
          name: z.string(),
          weight: z.number(),
          kind: z.enum(['quantitative', 'qualitative']),
          scaleMin: z.number(),
          scaleMax: z.number(),
          position: z.number().int(),
          retired: z.boolean(),
        }),
      ),
      channelWeights: z.partialRecord(z.enum(CHANNELS), z.number()),
    }),
  ),
  policy: z.record(z.string(), z.unknown()),
  /** Why the cycle cannot open yet (empty when it can), in the reader's language. */
  openingProblems: z.array(z.string()),
});
export type CycleSetup = z.infer<typeof cycleSetupSchema>;

/** The unit import file's columns: Chinese header → field. */
export const UNIT_FILE_COLUMNS = [
  ['单位代码', 'code'],
  ['单位名称', 'name'],
  ['类别代码', 'category'],
  ['上级单位代码', 'parent'],
  ['英文名称', 'nameEn'],
] as const;

export const unitImportPreviewSchema = z.object({
  ok: z.boolean(),
  units: z.number().int(),
  issues: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
});
export type UnitImportPreview = z.infer<typeof unitImportPreviewSchema>;

/** One place up or down among the indicator's siblings. */
export const indicatorMoveSchema = z.object({ direction: z.enum(['up', 'down']) });

export const CATEGORY_FILE_COLUMNS = [
  ['类别代码', 'code'],
  ['类别名称', 'name'],
  ['英文名称', 'nameEn'],
] as const;

export const categoryImportPreviewSchema = z.object({
  ok: z.boolean(),
  categories: z.number().int(),
  issues: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
});
export type CategoryImportPreview = z.infer<typeof categoryImportPreviewSchema>;

export const DEVICE_KINDS = ['window_screen', 'queue_system', 'tablet'] as const;
export const deviceInputSchema = z.object({ name: name(100), kind: z.enum(DEVICE_KINDS) });
/** The new device's key: shown once, never again (only its hash is stored). */
export const issuedDeviceSchema = z.object({ id: z.uuid(), key: z.string() });
/** Each window's rating address as text, the same one its QR code and poster carry. */
export const ratingUrlsSchema = z.object({
  urls: z.array(
    z.object({
      servicePointId: z.uuid(),
      unitName: z.string(),
      name: z.string(),
      code: z.string(),
      url: z.url(),
    }),
  ),
});
export type RatingUrls = z.infer<typeof ratingUrlsSchema>;

export const qrKeyVersionsSchema = z.object({
  versions: z.array(
    z.object({
      version: z.number().int(),
      createdAt: z.iso.datetime(),
      revokedAt: z.iso.datetime().nullable(),
    }),
  ),
});
