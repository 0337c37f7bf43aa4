// Figures the organiser's dashboard draws, computed from counts the database already summed.
// Small samples are never turned into a rate: below the policy's minimum a figure is null and
// the screen says 样本不足, so a window with two ratings, one bad, does not top a "worst" chart.

/** Share of `part` in `n`, or null below the minimum sample. */
export function rateOrSuppressed(part: number, n: number, minSample: number): number | null {
  return n >= minSample && n > 0 ? part / n : null;
}

export interface HistogramBin {
  from: number;
  to: number;
  n: number;
}

/** Scores 0–100 in equal bins; the last bin includes 100. Empty bins are kept so bars line up. */
export function histogram(scores: readonly number[], binWidth = 5): HistogramBin[] {
  const count = Math.ceil(100 / binWidth);
  const bins: HistogramBin[] = Array.from({ length: count }, (_, i) => ({
    from: i * binWidth,
    to: Math.min(100, (i + 1) * binWidth),
    n: 0,
  }));
  for (const s of scores) {
    const i = Math.min(count - 1, Math.max(0, Math.floor(s / binWidth)));
    (bins[i] as HistogramBin).n++;
  }
  return bins;
}

export const DEADLINE_BUCKETS = ['overdue', 'due_0_2', 'due_3_7', 'due_later'] as const;
export type DeadlineBucket = (typeof DEADLINE_BUCKETS)[number];

/**
 * Open cases by how soon they are due, counted in calendar days from `today` (YYYY-MM-DD):
 * overdue (before today), within 0–2 days, 3–7 days, later. Every bucket is present.
 */
export function deadlineBuckets(
  openCases: readonly { dueOn: string; n: number }[],
  today: string,
): { bucket: DeadlineBucket; n: number }[] {
  const counts = new Map<DeadlineBucket, number>(DEADLINE_BUCKETS.map((b) => [b, 0]));
  const base = Date.parse(`${today}T00:00:00Z`);
  for (const c of openCases) {
    const days = Math.round((Date.parse(`${c.dueOn}T00:00:00Z`) - base) / 86_400_000);
    const bucket: DeadlineBucket =
      days < 0 ? 'overdue' : days <= 2 ? 'due_0_2' : days <= 7 ? 'due_3_7' : 'due_later';
    counts.set(bucket, (counts.get(bucket) as number) + c.n);
  }
  return DEADLINE_BUCKETS.map((bucket) => ({ bucket, n: counts.get(bucket) as number }));
}

/**
 * Worst first by rate; suppressed figures (null) after every rated one, busiest first, so the
 * chart's top is always a real problem and not noise.
 */
export function sortByRateDescending<T extends { rate: number | null; n: number }>(rows: readonly T[]): T[] {
  return rows.toSorted((a, b) => {
    if (a.rate === null || b.rate === null) return a.rate === null ? (b.rate === null ? b.n - a.n : 1) : -1;
    return b.rate - a.rate || b.n - a.n;
  });
}
