import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { publishedMean, suppressCounts } from './table-suppression.ts';

/**
 * Hidden cells an outsider could work out: the only hidden cell of a row (or column) whose total
 * is published is that total minus the published rest; a hidden total is recoverable the same way
 * from the grand total when it is the only hidden one of its margin.
 */
function recoverable(t: ReturnType<typeof suppressCounts>): string[] {
  const found: string[] = [];
  for (const [r, row] of t.cells.entries()) {
    for (const [c, cell] of row.entries()) {
      if (cell !== null) continue;
      const inRow = row.filter((x) => x === null).length;
      const inColumn = t.cells.filter((x) => x[c] === null).length;
      if ((inRow === 1 && t.rowTotals[r] !== null) || (inColumn === 1 && t.columnTotals[c] !== null))
        found.push(`cell ${r},${c}`);
    }
  }
  if (t.grandTotal !== null && t.rowTotals.filter((x) => x === null).length === 1) found.push('a row total');
  if (t.grandTotal !== null && t.columnTotals.filter((x) => x === null).length === 1)
    found.push('a column total');
  return found;
}

describe('suppressCounts', () => {
  it('hides 1–4, keeps zeros and larger counts, and hides a partner so totals give nothing away', () => {
    const t = suppressCounts([
      [12, 3, 20],
      [8, 9, 30],
      [15, 0, 7],
    ]);
    expect(t.primary).toBe(1);
    expect(t.complementary).toBeGreaterThanOrEqual(3); // a partner in its row, its column, and to close the loop
    expect(t.cells[0]![1]).toBeNull();
    expect(t.cells[2]![1]).toBe(0);
    expect(recoverable(t)).toEqual([]);
    expect(t.rowTotals).toEqual([35, 47, 22]);
    expect(t.columnTotals).toEqual([35, 12, 57]);
  });

  it('hides a small total, which would give its lone cell away, and a partner total', () => {
    const t = suppressCounts([
      [3, 0],
      [20, 30],
      [12, 9],
    ]);
    expect(t.cells[0]).toEqual([null, 0]);
    expect(t.rowTotals[0]).toBeNull();
    expect(recoverable(t)).toEqual([]);
  });

  it('leaves a table without small counts untouched', () => {
    const t = suppressCounts([
      [10, 20],
      [30, 0],
    ]);
    expect(t).toMatchObject({
      cells: [
        [10, 20],
        [30, 0],
      ],
      primary: 0,
      complementary: 0,
    });
  });

  it('never leaves a hidden cell recoverable from a row or column total, on random tables', () => {
    const rng = createRandom(3);
    for (let round = 0; round < 200; round++) {
      const rows = rng.int(1, 8);
      const cols = rng.int(1, 6);
      const counts = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (rng.int(0, 3) === 0 ? rng.int(0, 4) : rng.int(0, 40))),
      );
      const t = suppressCounts(counts);
      // Every small count is hidden; every published count is the real one.
      for (const [r, row] of counts.entries())
        for (const [c, n] of row.entries()) {
          if (n > 0 && n < 5) expect(t.cells[r]![c]).toBeNull();
          if (t.cells[r]![c] !== null) expect(t.cells[r]![c]).toBe(n);
        }
      expect(recoverable(t)).toEqual([]);
    }
  });
});

describe('publishedMean', () => {
  it('is a mean from 10 values up, else null', () => {
    expect(publishedMean(45, 10)).toBe(4.5);
    expect(publishedMean(40, 9)).toBeNull();
  });
});
