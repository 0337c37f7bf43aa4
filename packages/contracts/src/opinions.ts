// Institutional channels as the API serves and accepts them: indicator score sheets (superior
// agency, third-party agency, self-assessment, peer review), petition opinions (信访意见) and
// discipline findings (纪检监察意见).
import { z } from 'zod';
import { rosterIssueSchema } from './panel.ts';
import { text } from './text.ts';

export const INSTITUTIONAL_CHANNELS = ['superior', 'third_party', 'self', 'peer'] as const;
export type InstitutionalChannelName = (typeof INSTITUTIONAL_CHANNELS)[number];

const cycleRef = z.object({ id: z.uuid(), name: z.string(), state: z.string() });

/** The units a source may score in a cycle, each with its channel and how far the sheet is. */
export const scoreSheetSchema = z.object({
  cycle: cycleRef,
  /** Scores can be changed only while the cycle is open. */
  writable: z.boolean(),
  source: z.string(),
  units: z.array(
    z.object({
      unitId: z.uuid(),
      code: z.string(),
      name: z.string(),
      categoryName: z.string(),
      channel: z.enum(INSTITUTIONAL_CHANNELS),
      indicators: z.number().int(),
      scored: z.number().int(),
    }),
  ),
});
export type ScoreSheet = z.infer<typeof scoreSheetSchema>;

export const unitScoreFormSchema = z.object({
  cycle: cycleRef,
  writable: z.boolean(),
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string(), categoryName: z.string() }),
  channel: z.enum(INSTITUTIONAL_CHANNELS),
  indicators: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      group: z.string().nullable(),
      kind: z.enum(['quantitative', 'qualitative']),
      scaleMin: z.number(),
      scaleMax: z.number(),
      score: z.number().nullable(),
      comment: z.string().nullable(),
    }),
  ),
});
export type UnitScoreForm = z.infer<typeof unitScoreFormSchema>;

/**
 * A source's whole opinion of one unit: the indicators it scores. An indicator left out has no
 * score from this source (its siblings' weights carry the roll-up).
 */
export const unitScoresInputSchema = z.object({
  scores: z
    .array(
      z.object({
        indicatorId: z.uuid(),
        score: z.number().finite(),
        comment: text({ max: 2000, multiline: true }).optional(),
      }),
    )
    .max(500)
    .refine((s) => new Set(s.map((x) => x.indicatorId)).size === s.length, {
      error: '同一指标只能打一个分 (one score per indicator)',
    }),
});
export type UnitScoresInput = z.infer<typeof unitScoresInputSchema>;

/** The score file's columns: Chinese header → field. Name and range columns are for people only. */
export const SCORE_FILE_COLUMNS = [
  ['单位代码', 'unit'],
  ['单位名称', 'unitName'],
  ['指标代码', 'indicator'],
  ['指标名称', 'indicatorName'],
  ['分值范围', 'range'],
  ['分数', 'score'],
  ['说明', 'comment'],
] as const;

export const scoreImportPreviewSchema = z.object({
  ok: z.boolean(),
  units: z.number().int(),
  scores: z.number().int(),
  issues: z.array(rosterIssueSchema),
});
export type ScoreImportPreview = z.infer<typeof scoreImportPreviewSchema>;

export const scoreImportResponseSchema = z.object({ units: z.number().int(), scores: z.number().int() });

const count = z.number().int().min(0).max(1_000_000);

export const petitionOpinionInputSchema = z
  .object({
    unitId: z.uuid(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    complaintCount: count,
    verifiedComplaintCount: count,
    note: text({ max: 2000, multiline: true }).optional(),
  })
  .refine((o) => o.periodEnd >= o.periodStart, {
    error: '结束日期不能早于开始日期 (the period cannot end before it starts)',
    path: ['periodEnd'],
  })
  .refine((o) => o.verifiedComplaintCount <= o.complaintCount, {
    error: '查实件数不能多于投诉件数 (verified complaints cannot exceed complaints)',
    path: ['verifiedComplaintCount'],
  });
export type PetitionOpinionInput = z.infer<typeof petitionOpinionInputSchema>;

const unitRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

export const petitionBoardSchema = z.object({
  cycle: cycleRef,
  writable: z.boolean(),
  units: z.array(unitRef),
  opinions: z.array(
    z.object({
      id: z.uuid(),
      unitId: z.uuid(),
      periodStart: z.iso.date(),
      periodEnd: z.iso.date(),
      complaintCount: z.number().int(),
      verifiedComplaintCount: z.number().int(),
      note: z.string().nullable(),
      source: z.string(),
    }),
  ),
});
export type PetitionBoard = z.infer<typeof petitionBoardSchema>;

export const disciplineFindingInputSchema = z.object({
  unitId: z.uuid(),
  findingType: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: '请选择问题类型 (choose a finding type)' }),
  reason: text({ min: 2, max: 1000, multiline: true }),
  foundOn: z.iso.date(),
});
export type DisciplineFindingInput = z.infer<typeof disciplineFindingInputSchema>;

export const withdrawFindingSchema = z.object({ reason: text({ min: 2, max: 1000, multiline: true }) });

export const disciplineBoardSchema = z.object({
  cycle: cycleRef,
  writable: z.boolean(),
  rules: z.array(
    z.object({
      findingType: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      pointsPerFinding: z.number(),
      cap: z.number(),
      veto: z.boolean(),
    }),
  ),
  /** What the live findings mean for each unit now, by the cycle's rule table and policy cap. */
  units: z.array(
    unitRef.extend({
      deductionTotal: z.number(),
      veto: z.boolean(),
      findings: z.number().int(),
    }),
  ),
  findings: z.array(
    z.object({
      id: z.uuid(),
      unitId: z.uuid(),
      findingType: z.string(),
      reason: z.string(),
      foundOn: z.iso.date(),
      withdrawnAt: z.iso.datetime().nullable(),
      withdrawnReason: z.string().nullable(),
    }),
  ),
});
export type DisciplineBoard = z.infer<typeof disciplineBoardSchema>;
