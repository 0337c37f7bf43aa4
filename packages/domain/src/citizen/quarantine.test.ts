import { describe, expect, it } from 'vitest';
import { answerFingerprint, quarantineReasons } from './quarantine.ts';

const limits = { minFillSeconds: 3, burstPerMinute: 20, identicalPer10Minutes: 5 };
const normal = { fillSeconds: 25, honeypotFilled: false, servicePointPerMinute: 2, identicalAnswers: 1 };

describe('quarantineReasons', () => {
  it('passes an ordinary rating', () => {
    expect(quarantineReasons(normal, limits)).toEqual([]);
  });

  it('flags each suspicious signal at its threshold', () => {
    expect(quarantineReasons({ ...normal, honeypotFilled: true }, limits)).toEqual(['honeypot']);
    expect(quarantineReasons({ ...normal, fillSeconds: 2.9 }, limits)).toEqual(['too_fast']);
    expect(quarantineReasons({ ...normal, fillSeconds: 3 }, limits)).toEqual([]);
    expect(quarantineReasons({ ...normal, servicePointPerMinute: 21 }, limits)).toEqual([
      'burst_at_service_point',
    ]);
    expect(quarantineReasons({ ...normal, servicePointPerMinute: 20 }, limits)).toEqual([]);
    expect(quarantineReasons({ ...normal, identicalAnswers: 6 }, limits)).toEqual(['identical_answers']);
  });

  it('does not flag an unknown fill time', () => {
    expect(quarantineReasons({ ...normal, fillSeconds: undefined }, limits)).toEqual([]);
  });
});

describe('answerFingerprint', () => {
  it('ignores aspect order and distinguishes comments', () => {
    expect(answerFingerprint(5, { a: 1, b: 2 }, null)).toBe(answerFingerprint(5, { b: 2, a: 1 }, null));
    expect(answerFingerprint(5, { a: 1 }, 'x')).not.toBe(answerFingerprint(5, { a: 1 }, null));
  });
});
