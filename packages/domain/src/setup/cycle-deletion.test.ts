import { describe, expect, it } from 'vitest';
import { CYCLE_RECORD_KINDS, type CycleRecordCounts, cycleDeletion } from './cycle-deletion.ts';

const none = Object.fromEntries(CYCLE_RECORD_KINDS.map((k) => [k, 0])) as CycleRecordCounts;

describe('cycleDeletion', () => {
  it('allows an empty draft', () => {
    expect(cycleDeletion('draft', none)).toEqual({ ok: true });
  });

  it('refuses any cycle that has opened, even an empty one', () => {
    for (const state of ['open', 'closed', 'computed', 'published']) {
      const r = cycleDeletion(state, none);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message['zh-CN']).toContain('只有草稿');
    }
  });

  it('names every kind of record that stands against a draft, with its count', () => {
    const r = cycleDeletion('draft', { ...none, citizen_ratings: 3, opinions: 1 });
    expect(r).toEqual({
      ok: false,
      message: {
        'zh-CN': '此周期已有群众评价（3）、信访或纪检监察意见（1），不能删除。',
        en: 'This cycle already has citizen ratings (3), petition or discipline opinions (1), so it cannot be deleted.',
      },
    });
  });

  it('keeps a draft that a later cycle was copied from', () => {
    expect(cycleDeletion('draft', { ...none, later_cycles: 1 }).ok).toBe(false);
  });
});
