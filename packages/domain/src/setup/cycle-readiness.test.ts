import { describe, expect, it } from 'vitest';
import { cycleOpeningProblems, describeReadinessProblem } from './cycle-readiness.ts';

const category = { id: 'c1', name: '窗口服务类', activeUnits: 3 };
const tree = [
  { id: 'd1', categoryId: 'c1', parentId: null, name: '讲政治', weight: 40, retired: false },
  { id: 'd2', categoryId: 'c1', parentId: null, name: '有效率', weight: 60, retired: false },
  { id: 'd2.1', categoryId: 'c1', parentId: 'd2', name: '办事效率', weight: 50, retired: false },
  { id: 'd2.2', categoryId: 'c1', parentId: 'd2', name: '服务态度', weight: 50, retired: false },
];
const weights = [
  { categoryId: 'c1', channel: 'citizen', weight: 60 },
  { categoryId: 'c1', channel: 'superior', weight: 40 },
];

describe('cycleOpeningProblems', () => {
  it('finds nothing wrong with complete weights', () => {
    expect(
      cycleOpeningProblems({ categories: [category], indicators: tree, channelWeights: weights }),
    ).toEqual([]);
  });

  it('names each sibling group and channel set that does not sum to 100', () => {
    const off = tree.map((i) => (i.id === 'd2.2' ? { ...i, weight: 45.5 } : i));
    const problems = cycleOpeningProblems({
      categories: [category],
      indicators: off,
      channelWeights: weights.slice(0, 1),
    });
    expect(problems).toEqual([
      { kind: 'indicator_weights', categoryId: 'c1', parentId: 'd2', sum: 95.5 },
      { kind: 'channel_weights', categoryId: 'c1', sum: 60 },
    ]);
    const names = { category: () => '窗口服务类', indicator: () => '有效率' };
    expect(describeReadinessProblem(problems[0] as never, names)).toBe(
      '类别“窗口服务类”中“有效率”下的指标权重合计 95.5%，应为 100%。',
    );
  });

  it('leaves retired indicators out of the sums, and categories without units alone', () => {
    const withRetired = [
      ...tree,
      { id: 'd3', categoryId: 'c1', parentId: null, name: '旧指标', weight: 20, retired: true },
    ];
    const empty = { id: 'c2', name: '执法类', activeUnits: 0 };
    expect(
      cycleOpeningProblems({
        categories: [category, empty],
        indicators: withRetired,
        channelWeights: weights,
      }),
    ).toEqual([]);
  });

  it('asks for indicators and units', () => {
    expect(cycleOpeningProblems({ categories: [], indicators: [], channelWeights: [] })).toEqual([
      { kind: 'no_units' },
    ]);
    expect(cycleOpeningProblems({ categories: [category], indicators: [], channelWeights: weights })).toEqual(
      [{ kind: 'no_indicators', categoryId: 'c1' }],
    );
  });
});
