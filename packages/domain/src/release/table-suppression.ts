// Disclosure control for published count tables (rows × columns with row and column totals):
// counts of 1–4 are suppressed (primary), and then further cells (complementary) so that no
// suppressed cell can be worked out from the totals: every row and column with a suppressed
// cell has at least two. Means are shown only where at least 10 values stand behind them.

export const MIN_PUBLISHED_COUNT = 5;
export const MIN_MEAN_N = 10;

export interface SuppressedTable {
  /** null where suppressed. */
  cells: (number | null)[][];
  /** null where suppressed: a total of 1–4 (which would give its lone cell away), and partners. */
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  /** null when it would give a lone hidden total away (or is itself 1–4). */
  grandTotal: number | null;
  primary: number;
  complementary: number;
}

/** Counts in a rows × columns table; zeros are published (a known zero reveals nothing new). */
export function suppressCounts(counts: readonly (readonly number[])[]): SuppressedTable {
  const rows = counts.length;
  const cols = counts[0]?.length ?? 0;
  const hidden = counts.map((row) => row.map((n) => n > 0 && n < MIN_PUBLISHED_COUNT));
  const primary = hidden.flat().filter(Boolean).length;
  let complementary = 0;
  // Hide one more cell in a line that has exactly one hidden: the smallest visible non-zero one
  // (least information lost). Repeat until no line has a lone hidden cell.
  const rowTotalHidden = Array.from({ length: rows }, () => false);
  const columnTotalHidden = Array.from({ length: cols }, () => false);
  const lines = [
    ...Array.from({ length: rows }, (_, r) => ({
      cells: Array.from({ length: cols }, (_, c) => [r, c] as const),
      hideTotal: () => {
        rowTotalHidden[r] = true;
      },
      totalHidden: () => rowTotalHidden[r] as boolean,
    })),
    ...Array.from({ length: cols }, (_, c) => ({
      cells: Array.from({ length: rows }, (_, r) => [r, c] as const),
      hideTotal: () => {
        columnTotalHidden[c] = true;
      },
      totalHidden: () => columnTotalHidden[c] as boolean,
    })),
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.totalHidden() || line.cells.filter(([r, c]) => hidden[r]?.[c]).length !== 1) continue;
      const candidates = line.cells
        .filter(([r, c]) => !hidden[r]?.[c] && (counts[r]?.[c] ?? 0) > 0)
        .sort(([r1, c1], [r2, c2]) => (counts[r1]?.[c1] ?? 0) - (counts[r2]?.[c2] ?? 0));
      const pick = candidates[0];
      if (!pick) {
        // The rest of the line is zeros, so its total is the hidden cell: hide the total instead.
        line.hideTotal();
        complementary++;
        changed = true;
        continue;
      }
      (hidden[pick[0]] as boolean[])[pick[1]] = true;
      complementary++;
      changed = true;
    }
  }
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: cols }, (_, c) =>
    counts.reduce((a, row) => a + (row[c] ?? 0), 0),
  );
  const rowMargin = suppressVector(rowTotals, rowTotalHidden);
  const columnMargin = suppressVector(columnTotals, columnTotalHidden);
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const lone = (v: (number | null)[]) => v.filter((x) => x === null).length === 1;
  const hideGrand =
    (grand > 0 && grand < MIN_PUBLISHED_COUNT) || lone(rowMargin.values) || lone(columnMargin.values);
  return {
    grandTotal: hideGrand ? null : grand,
    cells: counts.map((row, r) => row.map((n, c) => (hidden[r]?.[c] ? null : n))),
    rowTotals: rowMargin.values,
    columnTotals: columnMargin.values,
    primary: primary + rowMargin.primary + columnMargin.primary,
    complementary: complementary + rowMargin.complementary + columnMargin.complementary,
  };
}

/**
 * A line of totals whose sum (the grand total) is published: 1–4 hidden, and a lone hidden one
 * gets a partner (the smallest visible non-zero), or it would be the grand total minus the rest.
 */
function suppressVector(values: readonly number[], alreadyHidden: readonly boolean[]) {
  const small = values.map((n) => n > 0 && n < MIN_PUBLISHED_COUNT);
  const hidden = values.map((_, i) => (small[i] as boolean) || (alreadyHidden[i] as boolean));
  const primary = small.filter(Boolean).length;
  let complementary = 0;
  if (hidden.filter(Boolean).length === 1) {
    const partner = values
      .map((n, i) => ({ n, i }))
      .filter(({ n, i }) => !hidden[i] && n > 0)
      .sort((a, b) => a.n - b.n)[0];
    if (partner) {
      hidden[partner.i] = true;
      complementary = 1;
    }
  }
  return { values: values.map((n, i) => (hidden[i] ? null : n)), primary, complementary };
}

/** A mean, or null when fewer than MIN_MEAN_N values stand behind it. */
export const publishedMean = (sum: number, n: number): number | null => (n >= MIN_MEAN_N ? sum / n : null);
