import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, type WorkingCalendar } from './working-days.ts';

// The 2026 National Day holiday as an organiser would enter it: 1–7 October off,
// Saturday 10 October a make-up working day.
const calendar: WorkingCalendar = new Map([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'holiday'] as const),
  ['2026-10-10', 'workday'] as const,
]);

describe('working days', () => {
  it('skips weekends without a calendar', () => {
    // Friday 2026-11-20 + 1 working day = Monday 2026-11-23.
    expect(addWorkingDays('2026-11-20', 1, new Map())).toBe('2026-11-23');
    // Wednesday + 10 working days = two weeks later.
    expect(addWorkingDays('2026-11-18', 10, new Map())).toBe('2026-12-02');
    expect(addWorkingDays('2026-11-18', 0, new Map())).toBe('2026-11-18');
  });

  it('skips holidays and counts make-up working days', () => {
    // Opened Tue 29 Sep: Wed 30 Sep (1), holiday 1–7 Oct, Thu 8 (2), Fri 9 (3), Sat 10 make-up (4),
    // Mon 12 (5), Tue 13 (6), Wed 14 (7), Thu 15 (8), Fri 16 (9), Mon 19 (10).
    expect(addWorkingDays('2026-09-29', 10, calendar)).toBe('2026-10-19');
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-05', calendar)).toBe(false);
  });

  it('refuses nonsense', () => {
    expect(() => addWorkingDays('2026-13-01', 1, new Map())).toThrow(/not a date/);
    expect(() => addWorkingDays('2026-01-01', -1, new Map())).toThrow(/whole number/);
  });
});
