// Small statistical helpers for channel scores and their 95% confidence intervals.

export const Z95 = 1.959963984540054;

export interface Estimate {
  /** 0–100, or null when there is nothing to estimate from. */
  score: number | null;
  n: number;
  /** Standard error of the score; null when it cannot be estimated (n < 2). */
  se: number | null;
}

export function interval(e: Estimate): [number, number] | null {
  if (e.score === null || e.se === null) return null;
  return [clamp(e.score - Z95 * e.se, 0, 100), clamp(e.score + Z95 * e.se, 0, 100)];
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Mean and standard error of plain values. */
export function meanEstimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { score: null, n: 0, se: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { score: mean, n, se: null };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { score: mean, n, se: Math.sqrt(variance / n) };
}

/** Rounds for storage and display without drifting sums (3 decimals). */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
