// k-anonymity with l-diversity for citizen-rating releases. The quasi-identifiers are where
// (service point → unit → category), when (day → week → month) and whether the rating was
// verified; the overall rating is the sensitive value. For each way of generalising, the
// database sums what k and l would keep; here we pick the generalisation that keeps the most
// detail while suppressing at most a set share of rows, and report what it gives. outcomeOf is
// the same arithmetic over explicit groups (the definition the tests hold the SQL to).

export const TIME_LEVELS = ['day', 'week', 'month'] as const;
export const PLACE_LEVELS = ['service_point', 'unit', 'category'] as const;
export type TimeLevel = (typeof TIME_LEVELS)[number];
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/** One quasi-identifier group under a generalisation: its rows and distinct overall ratings. */
export interface GroupStat {
  n: number;
  distinct: number;
}

export interface LevelStats {
  time: TimeLevel;
  place: PlaceLevel;
  groups: readonly GroupStat[];
}

export interface AnonymitySettings {
  /** Every released row shares its quasi-identifiers with at least k − 1 others. */
  k: number;
  /** Every released group holds at least l distinct overall ratings. */
  l: number;
  /** The most rows a generalisation may suppress to be chosen over a coarser one (0–1). */
  maxSuppressedShare: number;
}

export const DEFAULT_ANONYMITY: AnonymitySettings = { k: 5, l: 2, maxSuppressedShare: 0.05 };

export interface GeneralisationOutcome {
  time: TimeLevel;
  place: PlaceLevel;
  totalRows: number;
  keptRows: number;
  suppressedRows: number;
  keptGroups: number;
  /** The smallest kept group (≥ k), and the fewest distinct ratings in one (≥ l); null if nothing is kept. */
  kAchieved: number | null;
  lAchieved: number | null;
  /** Re-identification risk as 1 / group size: the highest, and the average over released rows. */
  maxRisk: number | null;
  averageRisk: number | null;
}

/** The figures of an outcome a release report states (without its level and group count). */
export const keptFigures = (o: GeneralisationOutcome) => ({
  totalRows: o.totalRows,
  keptRows: o.keptRows,
  suppressedRows: o.suppressedRows,
  kAchieved: o.kAchieved,
  lAchieved: o.lAchieved,
  maxRisk: o.maxRisk,
  averageRisk: o.averageRisk,
});

/** What releasing under one generalisation would keep and suppress. */
export function outcomeOf(stats: LevelStats, settings: AnonymitySettings): GeneralisationOutcome {
  let total = 0;
  let kept = 0;
  let keptGroups = 0;
  let minN = Number.POSITIVE_INFINITY;
  let minDistinct = Number.POSITIVE_INFINITY;
  for (const g of stats.groups) {
    total += g.n;
    if (g.n < settings.k || g.distinct < settings.l) continue;
    kept += g.n;
    keptGroups++;
    minN = Math.min(minN, g.n);
    minDistinct = Math.min(minDistinct, g.distinct);
  }
  return {
    time: stats.time,
    place: stats.place,
    totalRows: total,
    keptRows: kept,
    suppressedRows: total - kept,
    keptGroups,
    kAchieved: keptGroups ? minN : null,
    lAchieved: keptGroups ? minDistinct : null,
    maxRisk: keptGroups ? 1 / minN : null,
    // Each row's risk is 1 / its group's size; summed over a group that is exactly 1.
    averageRisk: kept ? keptGroups / kept : null,
  };
}

/** How much detail a generalisation gives up: 0 (service point by day) … 4 (category by month). */
export const lossOf = (o: { time: TimeLevel; place: PlaceLevel }): number =>
  TIME_LEVELS.indexOf(o.time) + PLACE_LEVELS.indexOf(o.place);

/**
 * The same outcome from totals the database summed per level (rows, rows and groups kept, the
 * smallest kept group and its fewest distinct ratings), so no group ever has to leave it.
 */
export function outcomeFromTotals(t: {
  time: TimeLevel;
  place: PlaceLevel;
  totalRows: number;
  keptRows: number;
  keptGroups: number;
  minKeptRows: number | null;
  minKeptDistinct: number | null;
}): GeneralisationOutcome {
  const kept = t.keptGroups > 0;
  return {
    time: t.time,
    place: t.place,
    totalRows: t.totalRows,
    keptRows: t.keptRows,
    suppressedRows: t.totalRows - t.keptRows,
    keptGroups: t.keptGroups,
    kAchieved: kept ? t.minKeptRows : null,
    lAchieved: kept ? t.minKeptDistinct : null,
    maxRisk: kept && t.minKeptRows ? 1 / t.minKeptRows : null,
    averageRisk: t.keptRows ? t.keptGroups / t.keptRows : null,
  };
}

/**
 * The least generalised outcome within the suppression budget (ties: fewer rows suppressed,
 * then the finer place); if none is within it, the one that suppresses least.
 */
export function chooseGeneralisation(
  outcomes: readonly GeneralisationOutcome[],
  settings: AnonymitySettings,
): GeneralisationOutcome {
  if (outcomes.length === 0) throw new Error('no generalisation to choose from');
  const share = (o: GeneralisationOutcome) => (o.totalRows ? o.suppressedRows / o.totalRows : 0);
  const within = outcomes.filter((o) => share(o) <= settings.maxSuppressedShare);
  const byDetail = (a: GeneralisationOutcome, b: GeneralisationOutcome) =>
    lossOf(a) - lossOf(b) ||
    a.suppressedRows - b.suppressedRows ||
    PLACE_LEVELS.indexOf(a.place) - PLACE_LEVELS.indexOf(b.place);
  if (within.length) return within.toSorted(byDetail)[0] as GeneralisationOutcome;
  return outcomes.toSorted(
    (a, b) => a.suppressedRows - b.suppressedRows || byDetail(a, b),
  )[0] as GeneralisationOutcome;
}
