// How many citizen ratings a service window can really receive. A script can load a window's
// page and wait past the minimum fill time as often as it likes; what it cannot fake is the
// window's traffic. Each window gets an expected number of ratings per day and per hour, from
// its own recent history (counted ratings) or, for a window without enough history, from its
// recorded service volume; window-QR ratings beyond a multiple of it are quarantined with the
// reason "more ratings than this window serves" (kept, releasable, never dropped).
// The bound is per window and time. Two stricter shares of it exist: one network address may
// take only part of it (honest hall Wi-Fi at the window's expected rate still fits), and
// clients that never return the rater cookie the page sets get a small share of their own.

export interface WindowBoundPolicy {
  /** Ratings beyond this multiple of the expected number (per hour, per day) are quarantined. */
  multiple: number;
  /** Opening hours per day: the expected hourly rate is the daily one divided by this. */
  serviceHoursPerDay: number;
  /** Days of history before today that give the expected number. */
  historyDays: number;
  /** Counted ratings in those days below which history is too thin and volume is used instead. */
  minHistoryRatings: number;
  /** Without history: the share of served visits expected to leave a rating. */
  visitShare: number;
  /** The expected number per day is never below this (a quiet or new window). */
  minExpectedPerDay: number;
  /** Share (0–1) of the window's bound one network address may fill. */
  addressShare: number;
  /** Share (0–1) of the window's bound for ratings without a valid rater cookie. */
  noCookieShare: number;
}

export const DEFAULT_WINDOW_BOUND_POLICY: WindowBoundPolicy = {
  multiple: 3,
  serviceHoursPerDay: 8,
  historyDays: 28,
  minHistoryRatings: 50,
  visitShare: 0.05,
  minExpectedPerDay: 10,
  addressShare: 0.4,
  noCookieShare: 0.1,
};

export interface WindowTraffic {
  /** Counted ratings at the window in the history days. */
  historyRatings: number;
  /** Days among them on which the window received any rating (closed days do not dilute it). */
  historyActiveDays: number;
  /** Served visits per day from the service volume recorded for the current period; null if none. */
  visitsPerDay: number | null;
}

export interface ExpectedRatings {
  perDay: number;
  perHour: number;
  basis: 'history' | 'volume' | 'minimum';
}

export function expectedRatings(traffic: WindowTraffic, policy: WindowBoundPolicy): ExpectedRatings {
  let perDay = 0;
  let basis: ExpectedRatings['basis'] = 'minimum';
  if (traffic.historyRatings >= policy.minHistoryRatings && traffic.historyActiveDays > 0) {
    perDay = traffic.historyRatings / traffic.historyActiveDays;
    basis = 'history';
  } else if (traffic.visitsPerDay !== null && traffic.visitsPerDay > 0) {
    perDay = traffic.visitsPerDay * policy.visitShare;
    basis = 'volume';
  }
  // A window cannot receive more ratings than people it serves.
  if (traffic.visitsPerDay !== null && traffic.visitsPerDay > 0)
    perDay = Math.min(perDay, traffic.visitsPerDay);
  if (perDay < policy.minExpectedPerDay) {
    perDay = policy.minExpectedPerDay;
    basis = 'minimum';
  }
  return { perDay, perHour: perDay / policy.serviceHoursPerDay, basis };
}

export interface WindowBounds {
  /** Counted window-QR ratings per clock hour and per day at the window. */
  hour: number;
  day: number;
  /** The same from one network address. */
  addressHour: number;
  addressDay: number;
  /** The same for ratings without a valid rater cookie (all addresses together). */
  noCookieHour: number;
  noCookieDay: number;
}

export function windowBounds(expected: ExpectedRatings, policy: WindowBoundPolicy): WindowBounds {
  const hour = Math.max(1, Math.ceil(policy.multiple * expected.perHour));
  const day = Math.max(hour, Math.ceil(policy.multiple * expected.perDay));
  const share = (n: number, s: number) => Math.max(1, Math.ceil(n * s));
  return {
    hour,
    day,
    addressHour: share(hour, policy.addressShare),
    addressDay: share(day, policy.addressShare),
    noCookieHour: share(hour, policy.noCookieShare),
    noCookieDay: share(day, policy.noCookieShare),
  };
}

/** Counted ratings so far (before this one) in each bucket the rating falls into. */
export interface WindowBoundCounts {
  hour: number;
  day: number;
  addressHour: number;
  addressDay: number;
  /** Present only for a rating without a valid rater cookie. */
  noCookieHour?: number;
  noCookieDay?: number;
}

/** Whether one more counted rating would go beyond the window's bound. */
export function exceedsWindowBound(counts: WindowBoundCounts, bounds: WindowBounds): boolean {
  if (counts.hour >= bounds.hour || counts.day >= bounds.day) return true;
  if (counts.addressHour >= bounds.addressHour || counts.addressDay >= bounds.addressDay) return true;
  if (counts.noCookieHour !== undefined && counts.noCookieHour >= bounds.noCookieHour) return true;
  if (counts.noCookieDay !== undefined && counts.noCookieDay >= bounds.noCookieDay) return true;
  return false;
}
