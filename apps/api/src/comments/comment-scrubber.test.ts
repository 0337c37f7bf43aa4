// The application's scrubber (rules + jieba) on the synthetic corpus drawn with a seed other than
// the bench's, so the figures are not those the rules were tuned on, and on hand-written comments.
import { generateScrubCorpus } from '@kaimen/domain/release/testing/scrub-corpus';
import { scoreScrubber } from '@kaimen/domain/release/testing/scrub-evaluation';
import { describe, expect, it } from 'vitest';
import { scrubCommentText } from './comment-scrubber.ts';

describe('comment scrubber with jieba', () => {
  it('masks planted personal data of every type and keeps the bait, on a corpus of another seed', () => {
    const score = scoreScrubber(
      generateScrubCorpus({ seed: 7, size: 1650 }),
      (t) => scrubCommentText(t).text,
    );
    expect(score.misaligned).toBe(0);
    const low = Object.entries(score.perType).filter(
      ([kind, r]) => r.recall < (kind === 'name' ? 0.97 : 0.99),
    );
    expect(low).toEqual([]);
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
    expect(score.baitKept).toBeGreaterThanOrEqual(0.97);
  });

  it('finds names without a title, at the start, as nicknames and romanised', () => {
    for (const [text, want] of [
      ['张建国态度很差，让我等了一上午', '[姓名]态度很差，让我等了一上午'],
      ['窗口的王师傅很耐心', '窗口的[姓名]很耐心'],
      ['多亏了小李帮我办好了', '多亏了[姓名]帮我办好了'],
      ['欧阳娜娜主任不在岗', '[姓名]主任不在岗'],
      ['感谢Zhang Wei和Tony', '感谢[姓名]和[姓名]'],
      ['联系人：胡金，门口停车太难了', '联系人：[姓名]，门口停车太难了'],
    ] as const)
      expect(scrubCommentText(text).text).toBe(want);
  });

  it('leaves ordinary words that start with a surname alone', () => {
    for (const clean of [
      '高峰期排队太久，马上就下班了',
      '小程序不好用，老师傅也说不清',
      '周末也开门，方便',
      '谢谢，温馨提示写得清楚',
    ])
      expect(scrubCommentText(clean)).toEqual({ text: clean, masked: {} });
  });
});
