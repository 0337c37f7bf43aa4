// The public page's satisfaction per unit, as a published count table: units × (satisfied,
// not satisfied). A share with its n gives both counts away, so it is shown only where both
// counts may be published (no count of 1–4, no complementary suppression: a window's staff must
// not learn that "two people" complained) and at least max(minimum sample, 10) ratings stand
// behind it. The number of ratings is a row total and follows the table's suppression.
import { MIN_MEAN_N, suppressCounts } from './table-suppression.ts';

export interface UnitSatisfactionCounts {
  n: number;
  /** Ratings of 满意 or 非常满意. */
  satisfied: number;
}

export type Withheld = 'small_sample' | 'protected';

export interface PublicSatisfaction {
  /** null where the row total is suppressed. */
  ratings: number | null;
  satisfaction: { n: number; satisfiedShare: number } | null;
  /** Why satisfaction is null: too few ratings, or a small count behind the share. */
  withheld: Withheld | null;
}

export function publicSatisfaction(
  units: readonly UnitSatisfactionCounts[],
  minSample: number,
): PublicSatisfaction[] {
  const table = suppressCounts(units.map((u) => [u.satisfied, u.n - u.satisfied]));
  const threshold = Math.max(minSample, MIN_MEAN_N);
  return units.map((u, i) => {
    const ratings = table.rowTotals[i] ?? null;
    if (u.n < threshold) return { ratings, satisfaction: null, withheld: 'small_sample' };
    const complete = ratings !== null && (table.cells[i] ?? []).every((x) => x !== null);
    if (!complete) return { ratings, satisfaction: null, withheld: 'protected' };
    return {
      ratings,
      satisfaction: { n: u.n, satisfiedShare: Math.round((u.satisfied / u.n) * 1000) / 1000 },
      withheld: null,
    };
  });
}
