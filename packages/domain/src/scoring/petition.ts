// 信访意见 as the cycle policy counts them: the petition office's verified complaints per unit
// (optionally per 10,000 served visits, so a busy hall is not charged for its footfall) turn into
// a capped deduction, or into a 0–100 indicator score that takes a share of the composite.
// The counts the result was made from travel with it, so a breakdown or notice can show them.
import { round3 } from './statistics.ts';

export interface PetitionRule {
  /** off: recorded only; deduction: points off the composite; indicator: a 0–100 score with a share. */
  mode: 'off' | 'deduction' | 'indicator';
  /** count: verified complaints as they are; per_10k_visits: per 10,000 served visits of the unit's windows. */
  basis: 'count' | 'per_10k_visits';
  /** Points per verified complaint (or per complaint per 10,000 visits). */
  pointsPer: number;
  /** At most this many points: off the composite, or off the indicator's 100. */
  cap: number;
  /** indicator mode: the petition indicator's share (0–1) of the composite. */
  share: number;
}

export const DEFAULT_PETITION_RULE: PetitionRule = {
  mode: 'off',
  basis: 'count',
  pointsPer: 1,
  cap: 5,
  share: 0,
};

export interface PetitionCounts {
  complaints: number;
  verified: number;
  /** Opinions (unit × period × source) the counts were summed from. */
  opinions: number;
}

export interface PetitionResult extends PetitionCounts {
  mode: PetitionRule['mode'];
  basis: PetitionRule['basis'];
  /** Served visits over the cycle (per_10k_visits basis); null when no volume is recorded. */
  visits: number | null;
  /** Verified complaints on the rule's basis (per 10,000 visits, or the count). */
  rate: number;
  /** Points the rule takes off (deduction mode) or off the indicator's 100 (indicator mode). */
  points: number;
  /** indicator mode: 100 − points; otherwise null. */
  score: number | null;
  /** Whether the cap cut the points. */
  capped: boolean;
  /** per_10k_visits asked, but the unit has no recorded visits: charged by count instead. */
  fellBackToCount: boolean;
}

/** What a unit's petition opinions amount to under the rule; null when the rule is off. */
export function assessPetitions(
  counts: PetitionCounts | undefined,
  visits: number | undefined,
  rule: PetitionRule,
): PetitionResult | null {
  if (rule.mode === 'off') return null;
  const c = counts ?? { complaints: 0, verified: 0, opinions: 0 };
  const perVisits = rule.basis === 'per_10k_visits';
  const known = visits !== undefined && visits > 0;
  const rate = perVisits && known ? (c.verified * 10_000) / (visits as number) : c.verified;
  const uncapped = rate * rule.pointsPer;
  const points = round3(Math.min(uncapped, rule.cap));
  return {
    ...c,
    mode: rule.mode,
    basis: rule.basis,
    visits: known ? (visits as number) : null,
    rate: round3(rate),
    points,
    score: rule.mode === 'indicator' ? round3(100 - points) : null,
    capped: uncapped > rule.cap,
    fellBackToCount: perVisits && !known,
  };
}
