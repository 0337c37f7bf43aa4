// The scoring policy of a cycle: every number an organiser can set, with the defaults a
// province would start from. Stored in cycle.policy; validated by packages/contracts.
import type { Channel, Grade } from '../vocabulary.ts';
import { DEFAULT_PETITION_RULE, type PetitionRule } from './petition.ts';
import type { SingleSourceSe } from './uncertainty.ts';

export interface ScoringPolicy {
  /** Points for each level (index 0 = level 1 非常不满意 … index 4 = level 5 非常满意). */
  levelPoints: [number, number, number, number, number];
  /** A verified (per-visit) rating counts this many times a window-QR rating. */
  verifiedWeight: number;
  /** Citizen ratings a unit needs before its citizen score is trusted. */
  minCitizenSample: number;
  /** What happens below the minimum: the channel's weight moves to the others, or the unit is marked insufficient. */
  insufficientSample: 'redistribute' | 'insufficient';
  /** Drop the highest and lowest panel score per indicator when there are more ballots than this. */
  panelTrimAbove: number;
  /** Share of invitees (0–1) who must submit for a panel to count. */
  panelQuorum: number;
  /** Besides the quorum share, at least this many counted ballots for a panel to count. */
  panelMinBallots: number;
  /**
   * The standard error (points) assumed for a channel scored by a single source (one superior
   * agency, one assessment agency …); a channel left out or null is taken as fixed, no sampling error.
   */
  singleSourceSe: SingleSourceSe;
  /** Ballots that are all-identical or all-maximum: counted but flagged, or void. */
  suspiciousBallots: 'flag' | 'void';
  /** Share (0–1) of the composite taken from routine/spot-check results, "by proportion". */
  spotCheckShare: number;
  /** Lower bounds for the grades. */
  gradeThresholds: { excellent: number; good: number; fair: number };
  /** At most this share (0–1) of a category may be 优秀, in rank order; null for no quota. */
  excellentQuota: number | null;
  /** The best grade a unit with a veto finding can get. */
  vetoGradeCap: Grade;
  /** How verified petition complaints count (信访意见): off, a capped deduction, or an indicator score. */
  petitionRule: PetitionRule;
  /** Cap on all deductions together, in points; null for none (each type keeps its own cap). */
  deductionCap: number | null;
  negativeList: {
    poorGrade: boolean;
    veto: boolean;
    /** The bottom N of each category; 0 for none. */
    bottomOfCategory: number;
    /** Deductions above this many points; null for none. */
    deductionsOver: number | null;
  };
  /** Indicators scoring below this (0–100) open rectification items. */
  lowIndicatorThreshold: number;
  /** Relative change of each channel weight for the sensitivity check (0.1 = ±10%). */
  sensitivity: number;
}

export const DEFAULT_SCORING_POLICY: ScoringPolicy = {
  levelPoints: [0, 30, 60, 80, 100],
  verifiedWeight: 1.5,
  minCitizenSample: 30,
  insufficientSample: 'redistribute',
  panelTrimAbove: 5,
  panelQuorum: 0.6,
  panelMinBallots: 3,
  singleSourceSe: {},
  suspiciousBallots: 'flag',
  spotCheckShare: 0,
  gradeThresholds: { excellent: 90, good: 80, fair: 60 },
  excellentQuota: 0.2,
  vetoGradeCap: 'poor',
  deductionCap: null,
  petitionRule: DEFAULT_PETITION_RULE,
  negativeList: { poorGrade: true, veto: true, bottomOfCategory: 0, deductionsOver: null },
  lowIndicatorThreshold: 60,
  sensitivity: 0.1,
};

export type ChannelWeights = Partial<Record<Channel, number>>;
