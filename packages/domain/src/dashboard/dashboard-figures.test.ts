import { describe, expect, it } from 'vitest';
import { deadlineBuckets, histogram, rateOrSuppressed, sortByRateDescending } from './dashboard-figures.ts';

describe('rateOrSuppressed', () => {
  it('is a share at or above the minimum sample and null below it', () => {
    expect(rateOrSuppressed(3, 30, 30)).toBe(0.1);
    expect(rateOrSuppressed(1, 29, 30)).toBeNull();
    expect(rateOrSuppressed(0, 0, 0)).toBeNull();
  });
});

describe('histogram', () => {
  it('puts each score in its bin, 100 in the last one, and keeps empty bins', () => {
    const bins = histogram([0, 4.99, 5, 59.9, 60, 99.99, 100], 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.n)).toEqual([3, 0, 0, 0, 0, 1, 1, 0, 0, 2]);
    expect(bins[9]).toEqual({ from: 90, to: 100, n: 2 });
    expect(bins.reduce((a, b) => a + b.n, 0)).toBe(7);
  });
});

describe('deadlineBuckets', () => {
  it('counts by calendar days from today, across a month end', () => {
    const today = '2026-11-29';
    const buckets = deadlineBuckets(
      [
        { dueOn: '2026-11-28', n: 2 }, // yesterday: overdue
        { dueOn: '2026-11-29', n: 1 }, // today: 0 days
        { dueOn: '2026-12-01', n: 4 }, // 2 days
        { dueOn: '2026-12-02', n: 1 }, // 3 days
        { dueOn: '2026-12-06', n: 1 }, // 7 days
        { dueOn: '2026-12-07', n: 3 }, // 8 days: later
      ],
      today,
    );
    expect(buckets).toEqual([
      { bucket: 'overdue', n: 2 },
      { bucket: 'due_0_2', n: 5 },
      { bucket: 'due_3_7', n: 2 },
      { bucket: 'due_later', n: 3 },
    ]);
  });
});

describe('sortByRateDescending', () => {
  it('puts the worst rate first and suppressed rows last, busiest first among them', () => {
    const sorted = sortByRateDescending([
      { id: 'a', rate: 0.1, n: 40 },
      { id: 'b', rate: null, n: 3 },
      { id: 'c', rate: 0.3, n: 35 },
      { id: 'd', rate: null, n: 12 },
      { id: 'e', rate: 0.1, n: 90 },
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['c', 'e', 'a', 'd', 'b']);
  });
});
