// The organiser's cycle dashboard: the figures behind each chart, for one drill-down level
// (the whole cycle, one category, or one unit). A figure below the minimum sample is null
// (shown as 样本不足), with its n kept so the reader sees why.
import { z } from 'zod';

export const DASHBOARD_CHARTS = [
  'ratings_per_day',
  'satisfaction_trend',
  'channels',
  'score_histogram',
  'ranks',
  'negative_rate',
  'case_deadlines',
] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

export const dashboardQuerySchema = z.object({
  category: z.uuid().optional(),
  unit: z.uuid().optional(),
});

const named = z.object({ id: z.uuid(), name: z.string() });

export const dashboardResponseSchema = z.object({
  cycleId: z.uuid(),
  asOf: z.iso.datetime(),
  minCitizenSample: z.number().int(),
  scope: z.object({
    level: z.enum(['cycle', 'category', 'unit']),
    category: named.nullable(),
    unit: named.nullable(),
  }),
  /** What the next level down is, for drill-down links: categories, units or service points. */
  children: z.array(named.extend({ n: z.number().int() })),
  ratingsPerDay: z.array(z.object({ day: z.iso.date(), n: z.number().int() })),
  /** Satisfied share (满意 + 非常满意) per week and per child of the scope. */
  satisfactionTrend: z.array(
    z.object({
      seriesId: z.uuid(),
      seriesName: z.string(),
      week: z.iso.date(),
      n: z.number().int(),
      satisfiedShare: z.number().nullable(),
    }),
  ),
  /**
   * From the latest computed revision, if any: each channel's contribution to the composite, per
   * unit (category and unit level) or as the mean over each category's units (cycle level).
   */
  channels: z.object({
    revision: z.object({ id: z.uuid(), revision: z.number().int(), state: z.string() }).nullable(),
    rows: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        composite: z.number().nullable(),
        contributions: z.array(z.object({ channel: z.string(), contribution: z.number() })),
      }),
    ),
  }),
  scoreHistogram: z.object({
    source: z.enum(['revision', 'live']),
    bins: z.array(z.object({ from: z.number(), to: z.number(), n: z.number().int() })),
  }),
  /** Live citizen standings of the units in scope: rank within category and 95% interval. */
  ranks: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      n: z.number().int(),
      rank: z.number().int().nullable(),
      score: z.number().nullable(),
      ci: z.tuple([z.number(), z.number()]).nullable(),
    }),
  ),
  /** Share of 不满意 + 非常不满意 per service point, worst first. */
  negativeRate: z.array(
    z.object({
      servicePointId: z.uuid(),
      servicePointName: z.string(),
      unitName: z.string(),
      n: z.number().int(),
      negative: z.number().int(),
      rate: z.number().nullable(),
    }),
  ),
  caseDeadlines: z.array(
    z.object({ bucket: z.enum(['overdue', 'due_0_2', 'due_3_7', 'due_later']), n: z.number().int() }),
  ),
});
export type DashboardResponse = z.infer<typeof dashboardResponseSchema>;
