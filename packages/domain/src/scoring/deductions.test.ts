import { describe, expect, it } from 'vitest';
import { deductionsOf } from './deductions.ts';

const rules = new Map([
  ['eight_rules', { points: 3, cap: 5, veto: false }],
  ['verified_complaint', { points: 0.5, cap: 4, veto: false }],
  ['serious_violation', { points: 0, cap: 0, veto: true }],
]);

describe('deductionsOf', () => {
  it('caps each type by its own cap', () => {
    // eight_rules: 2 × 3 = 6, capped at 5; verified_complaint: 3 × 0.5 = 1.5 (under its cap 4).
    const d = deductionsOf(
      [
        { type: 'verified_complaint', count: 3 },
        { type: 'eight_rules', count: 2 },
      ],
      rules,
      null,
    );
    expect(d.items).toEqual([
      { type: 'eight_rules', count: 2, points: 5, veto: false },
      { type: 'verified_complaint', count: 3, points: 1.5, veto: false },
    ]);
    expect(d.total).toBe(6.5);
    expect(d.veto).toBe(false);
  });

  it('caps the sum by the policy cap when there is one', () => {
    // 5 + 4 (8 × 0.5 = 4, at its cap) = 9, capped overall at 7.
    const d = deductionsOf(
      [
        { type: 'eight_rules', count: 4 },
        { type: 'verified_complaint', count: 8 },
      ],
      rules,
      7,
    );
    expect(d.total).toBe(7);
  });

  it('a veto finding takes no points but sets the veto', () => {
    const d = deductionsOf([{ type: 'serious_violation', count: 1 }], rules, null);
    expect(d).toEqual({
      items: [{ type: 'serious_violation', count: 1, points: 0, veto: true }],
      total: 0,
      veto: true,
    });
  });

  it('a type without a rule deducts nothing', () => {
    expect(deductionsOf([{ type: 'unknown', count: 9 }], rules, null).total).toBe(0);
  });
});
