import { describe, expect, it } from 'vitest';
import { wouldCreateLoop } from './unit-tree.ts';

// bureau ─ division ─ office; other stands alone.
const parentOf = new Map<string, string | null>([
  ['bureau', null],
  ['division', 'bureau'],
  ['office', 'division'],
  ['other', null],
]);

describe('wouldCreateLoop', () => {
  it('refuses a move under itself or a descendant', () => {
    expect(wouldCreateLoop(parentOf, 'bureau', 'bureau')).toBe(true);
    expect(wouldCreateLoop(parentOf, 'bureau', 'office')).toBe(true);
    expect(wouldCreateLoop(parentOf, 'division', 'office')).toBe(true);
  });
  it('allows moves elsewhere and to the top level', () => {
    expect(wouldCreateLoop(parentOf, 'office', 'other')).toBe(false);
    expect(wouldCreateLoop(parentOf, 'division', null)).toBe(false);
    expect(wouldCreateLoop(parentOf, 'other', 'office')).toBe(false);
  });
});
