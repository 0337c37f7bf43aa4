import { describe, expect, it } from 'vitest';
import { channelZh, describeNegativeListRule, gradeZh } from './vocabulary.ts';

describe('describeNegativeListRule', () => {
  it('names every rule the engine records', () => {
    expect(describeNegativeListRule('poor_grade')).toBe('等次为较差');
    expect(describeNegativeListRule('veto')).toBe('一票否决');
    expect(describeNegativeListRule('bottom_2_of_category')).toBe('同类别排名末 2 位');
    expect(describeNegativeListRule('deductions_over_5')).toBe('扣分超过 5 分');
    expect(describeNegativeListRule('bottom_1_of_category', 'en')).toBe('Bottom 1 of its category');
    expect(describeNegativeListRule('something_new')).toBe('something_new');
  });

  it('gives Chinese names for channels and grades', () => {
    expect(channelZh('representative')).toBe('两代表一委员');
    expect(gradeZh('excellent')).toBe('优秀');
    expect(gradeZh('unknown')).toBe('unknown');
  });
});
