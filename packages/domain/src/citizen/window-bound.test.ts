import { describe, expect, it } from 'vitest';
import {
  exceedsWindowBound,
  expectedRatings,
  DEFAULT_WINDOW_BOUND_POLICY as P,
  windowBounds,
} from './window-bound.ts';

describe('expectedRatings', () => {
  it('uses the window history per day it was open when there is enough of it', () => {
    const e = expectedRatings({ historyRatings: 400, historyActiveDays: 10, visitsPerDay: 5000 }, P);
    expect(e).toEqual({ perDay: 40, perHour: 5, basis: 'history' });
  });

  it('falls back to the served visits when history is thin, and never goes below the minimum', () => {
    expect(expectedRatings({ historyRatings: 3, historyActiveDays: 3, visitsPerDay: 600 }, P)).toEqual({
      perDay: 30,
      perHour: 3.75,
      basis: 'volume',
    });
    expect(expectedRatings({ historyRatings: 0, historyActiveDays: 0, visitsPerDay: null }, P).basis).toBe(
      'minimum',
    );
    expect(expectedRatings({ historyRatings: 0, historyActiveDays: 0, visitsPerDay: 40 }, P).perDay).toBe(10);
  });

  it('never expects more ratings than the people the window serves', () => {
    const e = expectedRatings({ historyRatings: 900, historyActiveDays: 3, visitsPerDay: 120 }, P);
    expect(e.perDay).toBe(120);
  });
});

describe('windowBounds', () => {
  it('allows the multiple of the expected number, with stricter shares per address and without cookie', () => {
    const b = windowBounds({ perDay: 40, perHour: 5, basis: 'history' }, P);
    expect(b).toEqual({
      hour: 15,
      day: 120,
      addressHour: 6,
      addressDay: 48,
      noCookieHour: 2,
      noCookieDay: 12,
    });
  });

  it('quarantines the first rating beyond any of the bounds it falls under', () => {
    const b = windowBounds({ perDay: 40, perHour: 5, basis: 'history' }, P);
    const under = { hour: 14, day: 50, addressHour: 5, addressDay: 10 };
    expect(exceedsWindowBound(under, b)).toBe(false);
    expect(exceedsWindowBound({ ...under, hour: 15 }, b)).toBe(true);
    expect(exceedsWindowBound({ ...under, addressHour: 6 }, b)).toBe(true);
    expect(exceedsWindowBound({ ...under, noCookieHour: 1, noCookieDay: 1 }, b)).toBe(false);
    expect(exceedsWindowBound({ ...under, noCookieHour: 2, noCookieDay: 2 }, b)).toBe(true);
  });
});
