// The aggregate table published with a release: ratings per place × overall level, with small
// counts and their partners suppressed (packages/domain table-suppression), and a mean level per
// place only where at least 10 ratings stand behind it and none of its cells is hidden (a mean
// beside a total would let hidden cells be solved for).
import { releaseLevelCounts } from '@kaimen/db';
import { publishedMean, suppressCounts } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';

const LEVELS = [1, 2, 3, 4, 5] as const;

export async function releaseTable(deps: AppDeps, releaseId: string) {
  const counts = await releaseLevelCounts(deps.db, releaseId);
  const places = [...new Map(counts.map((c) => [`${c.category}\u0000${c.place}`, c])).values()];
  const key = (category: string, place: string) => `${category}\u0000${place}`;
  const byPlace = new Map<string, number[]>();
  for (const p of places) byPlace.set(key(p.category, p.place), [0, 0, 0, 0, 0]);
  for (const c of counts) (byPlace.get(key(c.category, c.place)) as number[])[c.level - 1] = c.n;
  const matrix = places.map((p) => byPlace.get(key(p.category, p.place)) as number[]);
  const table = suppressCounts(matrix);
  return {
    levels: LEVELS,
    rows: places.map((p, i) => {
      const cells = table.cells[i] as (number | null)[];
      const raw = matrix[i] as number[];
      const n = raw.reduce((a, b) => a + b, 0);
      const complete = cells.every((x) => x !== null) && table.rowTotals[i] !== null;
      return {
        category: p.category,
        place: p.place,
        counts: cells,
        total: table.rowTotals[i] ?? null,
        meanLevel: complete
          ? publishedMean(
              raw.reduce((a, x, j) => a + x * (j + 1), 0),
              n,
            )
          : null,
      };
    }),
    levelTotals: table.columnTotals,
    total: table.grandTotal,
    suppressed: { primary: table.primary, complementary: table.complementary },
  };
}
