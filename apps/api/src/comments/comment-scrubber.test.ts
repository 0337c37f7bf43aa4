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

  it('handles comments written unlike the corpus', () => {
    for (const [text, want] of [
      ['我姓陈，叫陈美玲，住城东街道幸福里小区7幢502', '我姓[姓名]，叫[姓名]，住[地址]'],
      ['我是张家口市宣化区东升路18号院2号楼3单元301的住户', '我是[地址]的住户'],
      [
        '受理编号：2026120800012345，流水号 6222021234567890123',
        '受理编号：2026120800012345，流水号 6222021234567890123',
      ],
      ['小张和老刘都挺好的，刘姐也不错', '[姓名]和[姓名]都挺好的，[姓名]也不错'],
      ['请联系我的vx：abc_wx2026 或者抖音 dy88888888', '请联系我的vx：[账号] 或者抖音 [账号]'],
      ['家住白沙乡马家村四组，离镇上远', '家住[地址]，离镇上远'],
      ['张先生让我打0532-88776655转8012', '[姓名]先生让我打[电话]'],
      ['新能源车粤AD12345充电桩坏了，12345热线说转办了', '新能源车[车牌]充电桩坏了，12345热线说转办了'],
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
