// Deductions (扣分) from discipline findings: per finding type, findings × points, capped by the
// type's cap; all types together optionally capped by the cycle policy. A finding of a veto
// type (一票否决) caps the grade, whatever the points.
import { round3 } from './statistics.ts';

export interface DeductionRule {
  points: number;
  cap: number;
  veto: boolean;
}

export interface Deductions {
  items: { type: string; count: number; points: number; veto: boolean }[];
  total: number;
  veto: boolean;
}

export function deductionsOf(
  findings: readonly { type: string; count: number }[],
  rules: ReadonlyMap<string, DeductionRule>,
  overallCap: number | null,
  /** Deductions made by other rules (the petition rule), already capped on their own. */
  extra: readonly Deductions['items'][number][] = [],
): Deductions {
  const items = [...findings]
    .map((f) => {
      const rule = rules.get(f.type) ?? { points: 0, cap: 0, veto: false };
      return {
        type: f.type,
        count: f.count,
        points: round3(Math.min(f.count * rule.points, rule.cap)),
        veto: rule.veto && f.count > 0,
      };
    })
    .concat(extra)
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const sum = items.reduce((a, d) => a + d.points, 0);
  const total = overallCap === null ? sum : Math.min(sum, overallCap);
  return { items, total: round3(total), veto: items.some((d) => d.veto) };
}
