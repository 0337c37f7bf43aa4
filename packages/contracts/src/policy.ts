// A cycle's policy as stored in cycle.policy: every field optional, defaults from the domain.
import {
  CHANNELS,
  DEFAULT_SCORING_POLICY,
  DEFAULT_WINDOW_BOUND_POLICY,
  GRADES,
  type ScoringPolicy,
  type WindowBoundPolicy,
} from '@kaimen/domain';
import { z } from 'zod';

const share = z.number().min(0).max(1);
const points = z.number().min(0).max(100);

export const cyclePolicySchema = z
  .object({
    levelPoints: z.tuple([points, points, points, points, points]),
    verifiedWeight: z.number().min(0).max(10),
    minCitizenSample: z.number().int().min(0).max(100_000),
    insufficientSample: z.enum(['redistribute', 'insufficient']),
    panelTrimAbove: z.number().int().min(2).max(1000),
    panelQuorum: share,
    panelMinBallots: z.number().int().min(1).max(1000),
    /** Per channel, the standard error assumed for a single-source score; null or absent = fixed. */
    singleSourceSe: z.partialRecord(z.enum(CHANNELS), z.number().min(0).max(50).nullable()),
    suspiciousBallots: z.enum(['flag', 'void']),
    spotCheckShare: share,
    gradeThresholds: z
      .object({ excellent: points, good: points, fair: points })
      .refine((t) => t.excellent > t.good && t.good > t.fair, {
        error: '等次分数线须递减 (thresholds must decrease)',
      }),
    excellentQuota: share.nullable(),
    vetoGradeCap: z.enum(GRADES),
    deductionCap: z.number().min(0).max(100).nullable(),
    petitionRule: z.object({
      mode: z.enum(['off', 'deduction', 'indicator']),
      basis: z.enum(['count', 'per_10k_visits']),
      pointsPer: z.number().min(0).max(100),
      cap: points,
      share: share,
    }),
    negativeList: z.object({
      poorGrade: z.boolean(),
      veto: z.boolean(),
      bottomOfCategory: z.number().int().min(0).max(1000),
      deductionsOver: z.number().min(0).max(100).nullable(),
    }),
    lowIndicatorThreshold: points,
    sensitivity: z.number().min(0).max(0.5),
    /** Working days a unit has to answer a negative-rating case. */
    caseDueWorkingDays: z.number().int().min(1).max(60),
    /** Panel ballots stored unlinked from the invitation (participation stays visible). */
    panelAnonymous: z.boolean(),
    /** How many window-QR ratings a window can receive (packages/domain window-bound.ts). */
    windowBound: z
      .object({
        multiple: z.number().min(1).max(100),
        serviceHoursPerDay: z.number().min(1).max(24),
        historyDays: z.number().int().min(1).max(365),
        minHistoryRatings: z.number().int().min(0).max(100_000),
        visitShare: z.number().min(0.001).max(1),
        minExpectedPerDay: z.number().min(1).max(100_000),
        addressShare: z.number().min(0.01).max(1),
        noCookieShare: z.number().min(0.01).max(1),
      })
      .partial(),
  })
  .partial()
  .refine((p) => (p.spotCheckShare ?? 0) + (p.petitionRule?.share ?? 0) <= 1, {
    error: '日常检查与信访指标的占比之和不能超过 1 (spot-check and petition shares together at most 1)',
  });
export type CyclePolicy = z.infer<typeof cyclePolicySchema>;

/** The scoring policy a stored cycle policy means: unknown keys ignored, missing ones defaulted. */
export function scoringPolicyOf(stored: unknown): ScoringPolicy {
  const parsed = cyclePolicySchema.safeParse(stored ?? {});
  const policy = parsed.success ? parsed.data : {};
  return {
    ...DEFAULT_SCORING_POLICY,
    ...policy,
    negativeList: { ...DEFAULT_SCORING_POLICY.negativeList, ...policy.negativeList },
  } as ScoringPolicy;
}

/** Whether a cycle's panel is anonymous; anonymous unless the policy says otherwise. */
export function panelIsAnonymous(stored: unknown): boolean {
  const parsed = cyclePolicySchema.safeParse(stored ?? {});
  return parsed.success ? (parsed.data.panelAnonymous ?? true) : true;
}

/** The window bound a stored cycle policy means, missing fields defaulted. */
export function windowBoundPolicyOf(stored: unknown): WindowBoundPolicy {
  const parsed = cyclePolicySchema.safeParse(stored ?? {});
  return { ...DEFAULT_WINDOW_BOUND_POLICY, ...(parsed.success ? parsed.data.windowBound : {}) };
}
