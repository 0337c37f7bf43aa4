// Working-day arithmetic for case deadlines (差评整改 due dates). Monday–Friday are working
// days unless the organiser's calendar says otherwise: official holidays (法定节假日) are
// days off, and make-up working days (调休上班) turn a weekend day into a working day.

export type CalendarOverride = 'holiday' | 'workday';

/** 'YYYY-MM-DD' → override. */
export type WorkingCalendar = ReadonlyMap<string, CalendarOverride>;

const DAY_MS = 86_400_000;

const toIso = (time: number): string => new Date(time).toISOString().slice(0, 10);
const parseIso = (day: string): number => {
  const time = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(time)) throw new Error(`not a date: ${day}`);
  return time;
};

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  const override = calendar.get(day);
  if (override) return override === 'workday';
  const weekday = new Date(parseIso(day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date that is `count` working days after `start` (start itself not counted), e.g. a case
 * opened on a Friday with 1 working day is due the next Monday.
 */
export function addWorkingDays(start: string, count: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number ≥ 0: ${count}`);
  let time = parseIso(start);
  let left = count;
  while (left > 0) {
    time += DAY_MS;
    if (isWorkingDay(toIso(time), calendar)) left--;
  }
  return toIso(time);
}
