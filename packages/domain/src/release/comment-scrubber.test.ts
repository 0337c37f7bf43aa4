// The scrubber's rules without a word segmenter: structured identifiers by their real forms and
// check digits, addresses with their tails, bait left alone, on the seeded synthetic corpus.
import { describe, expect, it } from 'vitest';
import { defuseFormula, isValidIdNumber, scrubComment } from './comment-scrubber.ts';
import { generateScrubCorpus } from './testing/scrub-corpus.ts';
import { scoreScrubber } from './testing/scrub-evaluation.ts';

describe('comment scrubber', () => {
  it('recognises resident identity numbers by their GB 11643 check digit', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
  });

  it('masks ≥ 99% of every structured identifier and address of the synthetic corpus without a segmenter', () => {
    const score = scoreScrubber(generateScrubCorpus({ size: 1100 }), (t) => scrubComment(t).text);
    expect(score.misaligned).toBe(0);
    for (const [kind, r] of Object.entries(score.perType)) {
      expect(r.planted, kind).toBeGreaterThanOrEqual(80);
      // Names need the segmenter (apps/api/src/comments/comment-scrubber.test.ts measures them).
      if (kind !== 'name') expect(r.recall, kind).toBeGreaterThanOrEqual(0.99);
    }
    expect(score.baitKept).toBeGreaterThanOrEqual(0.97);
  });

  it('tells identity numbers, cards and reference numbers apart by their check digits and cue words', () => {
    expect(scrubComment('身份证110105194912310021').text).toBe('身份证[身份证号]'); // a cue, a bad check digit
    expect(scrubComment('编号110105194912310021').text).toBe('编号110105194912310021');
    expect(scrubComment('老身份证 110105491231002 过期了').text).toBe('老身份证 [身份证号] 过期了');
    expect(scrubComment('流水号202612080001234567，卡号6222 0212 3456 7890 128').text).toBe(
      '流水号202612080001234567，卡号[卡号]',
    );
    expect(scrubComment('意见箱编号0231，工号 A1023').text).toBe('意见箱编号0231，工号 [工号]');
  });

  it('masks plates, permits and handles in the forms people type', () => {
    expect(scrubComment('车牌粤B·D12345挡住了，沪A 12345也是').text).toBe('车牌[车牌]挡住了，[车牌]也是');
    expect(scrubComment('港澳通行证C12345678，护照E12345678').text).toBe('港澳通行证[证件号]，护照[证件号]');
    expect(scrubComment('微信的话是 zhang_88，QQ号是12345678').text).toBe('微信的话是 [账号]，QQ号是[账号]');
  });

  it('masks an address with its building, unit and room, leaving no tail', () => {
    expect(scrubComment('家住朝阳区建国路88号幸福小区3栋2单元501室，门口路坏了').text).toBe(
      '家住[地址]，门口路坏了',
    );
    expect(scrubComment('我是河北省清苑县东闾乡李家村三组12号的村民').text).toBe('我是[地址]的村民');
    expect(scrubComment('在3号窗口办的，2楼大厅').text).toBe('在3号窗口办的，2楼大厅');
  });

  it('leaves harmless numbers, dates, windows and hotlines alone', () => {
    for (const clean of [
      '在3号窗口等了40分钟，2026年3月5日上午9点到12点只开了1个窗口。',
      '打了12345热线，客服说3个工作日内回复，已经过了5天。',
      '办证费用100元，第2次来才办好，效率有待提高。',
      '服务很好，工作人员很耐心，给五星好评！',
      '希望增加2个自助终端，高峰期排队超过50人。',
    ])
      expect(scrubComment(clean)).toEqual({ text: clean, masked: {} });
  });

  it('says what it masked', () => {
    const r = scrubComment('我叫张建国，电话13800138000，邮箱zhang88@163.com，住人民路12号。');
    expect(r.text).toBe('我叫[姓名]，电话[手机号]，邮箱[邮箱]，住[地址]。');
    expect(r.masked).toEqual({ name: 1, mobile: 1, email: 1, address: 1 });
  });

  it('defuses comments that a spreadsheet would read as a formula', () => {
    for (const risky of ['=HYPERLINK("http://x","点我")', '+1办事慢', '-很差', '@SUM(A1)', '\t=1'])
      expect(defuseFormula(risky)).toBe(`'${risky}`);
    expect(defuseFormula('办事快=好')).toBe('办事快=好');
  });
});
