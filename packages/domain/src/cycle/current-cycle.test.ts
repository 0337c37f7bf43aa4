import { describe, expect, it } from 'vitest';
import { chooseCurrentCycle, latestPublishedCycle } from './current-cycle.ts';

const c = (id: string, state: string) => ({ id, state });

describe('chooseCurrentCycle', () => {
  it('never picks next year’s draft over a published year', () => {
    const cycles = [c('2027', 'draft'), c('2026', 'published')];
    expect(chooseCurrentCycle(cycles)).toEqual({ cycle: cycles[1], reason: 'ended' });
  });

  it('prefers the open cycle over newer drafts and older published ones', () => {
    const cycles = [c('2028', 'draft'), c('2027', 'open'), c('2026', 'published')];
    expect(chooseCurrentCycle(cycles).cycle?.id).toBe('2027');
  });

  it('takes a closed cycle being finished over the last published one', () => {
    const cycles = [c('2027', 'draft'), c('2026', 'computed'), c('2025', 'published')];
    expect(chooseCurrentCycle(cycles).cycle?.id).toBe('2026');
  });

  it('honours the cycle asked for, even a draft, and ignores an unknown id', () => {
    const cycles = [c('2027', 'draft'), c('2026', 'published')];
    expect(chooseCurrentCycle(cycles, '2027')).toEqual({ cycle: cycles[0], reason: 'asked' });
    expect(chooseCurrentCycle(cycles, 'gone').cycle?.id).toBe('2026');
  });

  it('says when only drafts exist, and when there is nothing', () => {
    expect(chooseCurrentCycle([c('2027', 'draft'), c('2026', 'draft')])).toEqual({
      cycle: c('2027', 'draft'),
      reason: 'draft_only',
    });
    expect(chooseCurrentCycle([])).toEqual({ cycle: null, reason: 'none' });
  });
});

describe('latestPublishedCycle', () => {
  it('is the newest published cycle, or none', () => {
    expect(
      latestPublishedCycle([c('2027', 'open'), c('2026', 'published'), c('2025', 'published')])?.id,
    ).toBe('2026');
    expect(latestPublishedCycle([c('2027', 'draft'), c('2026', 'closed')])).toBeNull();
  });
});
