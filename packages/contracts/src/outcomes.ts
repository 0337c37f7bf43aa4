// Cycles, outcome revisions and unit results as the API serves them.
import { z } from 'zod';
import { text } from './text.ts';

export const cyclesResponseSchema = z.object({
  /** Newest first (year, then creation). */
  cycles: z.array(z.object({ id: z.uuid(), name: z.string(), year: z.number().int(), state: z.string() })),
  /**
   * The cycle a screen shows when none is asked for (packages/domain chooseCurrentCycle: the open
   * one, else the newest whose rating ended, else the newest draft), and which step found it.
   */
  current: z.object({
    id: z.uuid().nullable(),
    reason: z.enum(['asked', 'open', 'ended', 'draft_only', 'none']),
  }),
});

export const revisionSchema = z.object({
  id: z.uuid(),
  revision: z.number().int(),
  state: z.enum(['review', 'published', 'superseded']),
  inputsHash: z.string(),
  reason: z.string().nullable(),
  computedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
});
export const revisionsResponseSchema = z.object({ revisions: z.array(revisionSchema) });

export const computeRequestSchema = z.object({
  reason: text({ min: 2, max: 2000, multiline: true }).optional(),
});
export const computeResponseSchema = z.object({
  id: z.uuid(),
  revision: z.number().int(),
  inputsHash: z.string(),
  units: z.number().int(),
  sensitive: z.number().int(),
});

const channelBreakdownSchema = z.object({
  channel: z.string(),
  status: z.string(),
  configuredWeight: z.number(),
  effectiveWeight: z.number(),
  score: z.number().nullable(),
  n: z.number().int(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  /** What the interval stands on (absent in revisions computed before it was recorded). */
  uncertainty: z
    .object({
      basis: z.enum(['sampling', 'between_ballots', 'between_sources', 'assumed_se', 'fixed', 'none']),
      se: z.number().nullable(),
    })
    .optional(),
  contribution: z.number(),
  indicators: z.array(z.object({ indicatorId: z.string(), mean: z.number(), n: z.number().int() })),
  detail: z.record(z.string(), z.unknown()),
});

export const unitBreakdownSchema = z.object({
  channels: z.array(channelBreakdownSchema),
  yearEnd: z.number().nullable(),
  spotCheck: z.number().nullable(),
  deductions: z.array(
    z.object({ type: z.string(), count: z.number().int(), points: z.number(), veto: z.boolean() }),
  ),
  deductionTotal: z.number(),
  veto: z.boolean(),
  /** The petition rule's result with the counts it was made from (absent in revisions before the rule). */
  petition: z
    .object({
      mode: z.enum(['off', 'deduction', 'indicator']),
      basis: z.enum(['count', 'per_10k_visits']),
      complaints: z.number(),
      verified: z.number(),
      opinions: z.number(),
      visits: z.number().nullable(),
      rate: z.number(),
      points: z.number(),
      score: z.number().nullable(),
      capped: z.boolean(),
      fellBackToCount: z.boolean(),
    })
    .nullable()
    .optional(),
  composite: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  negativeList: z.array(z.string()),
  flags: z.array(z.string()),
  lowIndicators: z.array(z.object({ channel: z.string(), indicatorId: z.string(), mean: z.number() })),
});
export type UnitBreakdown = z.infer<typeof unitBreakdownSchema>;

export const revisionUnitsResponseSchema = z.object({
  revision: z.object({
    id: z.uuid(),
    revision: z.number().int(),
    state: z.string(),
    cycleId: z.uuid(),
    cycleName: z.string(),
    inputsHash: z.string(),
    reason: z.string().nullable(),
    computedAt: z.iso.datetime(),
  }),
  names: z
    .object({ indicators: z.record(z.string(), z.string()), findingTypes: z.record(z.string(), z.string()) })
    .optional(),
  units: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      unitCode: z.string(),
      category: z.object({ id: z.uuid(), name: z.string() }),
      composite: z.number().nullable(),
      grade: z.string().nullable(),
      rank: z.number().int().nullable(),
      rankLow: z.number().int().nullable(),
      rankHigh: z.number().int().nullable(),
      insufficient: z.boolean(),
      negativeList: z.boolean(),
      flags: z.array(z.string()),
      /** The composite's 95% interval and, per counted channel, the basis it carries. */
      ci: z.tuple([z.number(), z.number()]).nullable().optional(),
      intervalBasis: z.string().optional(),
      breakdown: unitBreakdownSchema.optional(),
    }),
  ),
});
export type RevisionUnits = z.infer<typeof revisionUnitsResponseSchema>;

export const unitListResponseSchema = z.object({
  units: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), category: z.string() })),
});
