// Anonymized dataset releases for assessment agencies (脱敏数据集) and the agency's access:
// data-use terms and API keys.
import { MASK_KINDS } from '@kaimen/domain';
import { z } from 'zod';
import { text } from './text.ts';

export const releaseInputSchema = z.object({
  name: text({ min: 1, max: 200, noFormula: true }),
  /** Every released row shares its place, period and verification with at least k − 1 others. */
  k: z.number().int().min(5).max(100).default(5),
  /** Distinct overall ratings in every released group. */
  l: z.number().int().min(2).max(5).default(2),
  /** The most rows (percent) a finer generalisation may suppress before a coarser one is used. */
  maxSuppressedPercent: z.number().min(0).max(20).default(5),
  /** A release is built for someone: at least one agency. */
  agencyIds: z
    .array(z.uuid())
    .min(1, { error: '请至少选择一个评估机构 (choose at least one assessment agency)' })
    .max(20),
  /** Free-text comments are left out unless asked for; then they are scrubbed of personal data. */
  includeComments: z.boolean().default(false),
  /** The citizen channel always; the panel channels' ballots (代表委员、特约监督员) if asked. */
  includePanel: z.boolean().default(false),
});
export type ReleaseInput = z.infer<typeof releaseInputSchema>;

const placeLevel = z.enum(['service_point', 'unit', 'category']);
const timeLevel = z.enum(['day', 'week', 'month']);

/** What the anonymity rules kept of one part of a release, under the generalisation chosen. */
const keptFields = {
  totalRows: z.number().int(),
  keptRows: z.number().int(),
  suppressedRows: z.number().int(),
  kAchieved: z.number().int().nullable(),
  lAchieved: z.number().int().nullable(),
  maxRisk: z.number().nullable(),
  averageRisk: z.number().nullable(),
};

/** What the anonymity rules kept of the panel ballots (generalised on their own). */
const panelReportSchema = z.object({
  generalisation: z.object({ place: z.enum(['unit', 'category']), time: timeLevel }),
  ...keptFields,
  candidates: z.array(
    z.object({ place: z.enum(['unit', 'category']), time: timeLevel, suppressedRows: z.number().int() }),
  ),
});

export const releaseReportSchema = z.object({
  k: z.number().int(),
  l: z.number().int(),
  generalisation: z.object({ place: placeLevel, time: timeLevel }),
  ...keptFields,
  /** Every generalisation considered and what it would have suppressed. */
  candidates: z.array(z.object({ place: placeLevel, time: timeLevel, suppressedRows: z.number().int() })),
  /** 'excluded', or what the scrubber masked in the released comments (counts per kind, never the text). */
  comments: z.union([
    z.literal('excluded'),
    z.object({
      released: z.number().int(),
      maskedComments: z.number().int(),
      masked: z.partialRecord(z.enum(MASK_KINDS), z.number().int()),
    }),
  ]),
  neverReleased: z.array(z.string()),
  /** The citizen figures are the top-level ones; the panel's are here when it is included. */
  panel: panelReportSchema.nullable().optional(),
  /** The manifest: each downloadable file's row count and SHA-256. */
  files: z.array(
    z.object({ name: z.string(), rows: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
});

export const codebookEntrySchema = z.object({
  column: z.string(),
  zh: z.string(),
  en: z.string(),
  type: z.enum(['text', 'integer', 'number', 'boolean']),
  values: z.string().optional(),
  /** Value labels, as the .sav file carries them (SPSS, Stata and R show them for the codes). */
  labels: z.record(z.string(), z.string()).optional(),
});

export const releaseSchema = z.object({
  id: z.uuid(),
  cycleId: z.uuid(),
  name: z.string(),
  state: z.enum(['building', 'ready', 'failed', 'withdrawn']),
  rowCount: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  report: releaseReportSchema.nullable(),
  codebook: z.array(codebookEntrySchema),
  agencyIds: z.array(z.uuid()),
});
export type Release = z.infer<typeof releaseSchema>;
export const releasesResponseSchema = z.object({ releases: z.array(releaseSchema.omit({ codebook: true })) });

export const RELEASE_FORMATS = ['csv', 'jsonl', 'xlsx', 'parquet', 'sav'] as const;
export const releaseDownloadParamSchema = z.object({
  id: z.uuid(),
  file: z.enum(['rows.csv', 'rows.jsonl', 'rows.xlsx', 'rows.parquet', 'rows.sav']),
});

/** The data-use terms an agency accepts before its first download; a new version asks again. */
export const DATA_USE_TERMS_VERSION = '2026-1';
export const acceptTermsSchema = z.object({ version: z.literal(DATA_USE_TERMS_VERSION) });
export const termsStatusSchema = z.object({
  version: z.string(),
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
  acceptedAt: z.iso.datetime().nullable(),
});

export const apiKeyInputSchema = z.object({
  cycleIds: z.array(z.uuid()).min(1).max(20),
  /** Days until the key stops working (at most a year). */
  validDays: z.number().int().min(1).max(365).default(90),
});
export const issuedApiKeySchema = z.object({ id: z.uuid(), key: z.string(), expiresAt: z.iso.datetime() });

/** The aggregate table published with a release (null where suppressed). */
export const releaseTableSchema = z.object({
  levels: z.array(z.number().int()),
  rows: z.array(
    z.object({
      category: z.string(),
      place: z.string(),
      counts: z.array(z.number().int().nullable()),
      total: z.number().int().nullable(),
      meanLevel: z.number().nullable(),
    }),
  ),
  levelTotals: z.array(z.number().int().nullable()),
  total: z.number().int().nullable(),
  suppressed: z.object({ primary: z.number().int(), complementary: z.number().int() }),
});
