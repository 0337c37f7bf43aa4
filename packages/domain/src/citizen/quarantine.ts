// Decides whether a citizen rating looks stuffed. Suspicious ratings are quarantined — kept,
// excluded from scores until an organiser releases or rejects them — never dropped, because
// an honest person in a busy hall can look like a burst.

export interface RatingSignals {
  /** Seconds from the form being served to its submission; undefined when unknown. */
  fillSeconds: number | undefined;
  /** The hidden field only bots fill. */
  honeypotFilled: boolean;
  /** Ratings at this service point in the current minute, including this one. */
  servicePointPerMinute: number;
  /** Ratings at this service point with exactly these answers in the current 10 minutes, including this one. */
  identicalAnswers: number;
}

export interface QuarantineThresholds {
  minFillSeconds: number;
  burstPerMinute: number;
  identicalPer10Minutes: number;
}

export const QUARANTINE_REASONS = [
  'honeypot',
  'too_fast',
  'burst_at_service_point',
  'identical_answers',
  // More counted ratings than the window really serves (window-bound.ts).
  'over_window_volume',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export function quarantineReasons(signals: RatingSignals, limits: QuarantineThresholds): QuarantineReason[] {
  const reasons: QuarantineReason[] = [];
  if (signals.honeypotFilled) reasons.push('honeypot');
  if (signals.fillSeconds !== undefined && signals.fillSeconds < limits.minFillSeconds)
    reasons.push('too_fast');
  if (signals.servicePointPerMinute > limits.burstPerMinute) reasons.push('burst_at_service_point');
  if (signals.identicalAnswers > limits.identicalPer10Minutes) reasons.push('identical_answers');
  return reasons;
}

/** A stable fingerprint of an answer set, so identical submissions can be counted. */
export function answerFingerprint(
  overall: number,
  aspects: Record<string, number>,
  comment: string | null,
): string {
  const sorted = Object.keys(aspects)
    .sort()
    .map((k) => `${k}=${aspects[k]}`)
    .join(',');
  return `${overall}|${sorted}|${comment ?? ''}`;
}
