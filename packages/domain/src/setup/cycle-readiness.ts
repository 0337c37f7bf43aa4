// What must hold before a cycle opens for ratings: every category that has units has an
// indicator tree whose sibling weights sum to 100%, and channel weights that sum to 100%.
// A tree is edited one node at a time, so the sums are checked here, at the transition,
// not by the database.
export interface ReadinessInput {
  categories: readonly { id: string; name: string; activeUnits: number }[];
  indicators: readonly {
    id: string;
    categoryId: string;
    parentId: string | null;
    name: string;
    weight: number;
    retired: boolean;
  }[];
  channelWeights: readonly { categoryId: string; channel: string; weight: number }[];
}

export type ReadinessProblem =
  | { kind: 'no_units' }
  | { kind: 'no_indicators'; categoryId: string }
  | { kind: 'indicator_weights'; categoryId: string; parentId: string | null; sum: number }
  | { kind: 'channel_weights'; categoryId: string; sum: number };

const HUNDRED = 100;
/** Weights are stored with three decimals; anything closer to 100 than this is 100. */
const TOLERANCE = 0.0005;
const round = (x: number) => Math.round(x * 1000) / 1000;

export function cycleOpeningProblems(input: ReadinessInput): ReadinessProblem[] {
  const problems: ReadinessProblem[] = [];
  const assessed = input.categories.filter((c) => c.activeUnits > 0);
  if (assessed.length === 0) problems.push({ kind: 'no_units' });
  for (const category of assessed) {
    const live = input.indicators.filter((i) => i.categoryId === category.id && !i.retired);
    if (live.length === 0) {
      problems.push({ kind: 'no_indicators', categoryId: category.id });
    } else {
      const siblings = new Map<string | null, number>();
      for (const i of live) siblings.set(i.parentId, (siblings.get(i.parentId) ?? 0) + i.weight);
      for (const [parentId, sum] of siblings)
        if (Math.abs(sum - HUNDRED) > TOLERANCE)
          problems.push({ kind: 'indicator_weights', categoryId: category.id, parentId, sum: round(sum) });
    }
    const channelSum = input.channelWeights
      .filter((w) => w.categoryId === category.id)
      .reduce((a, w) => a + w.weight, 0);
    if (Math.abs(channelSum - HUNDRED) > TOLERANCE)
      problems.push({ kind: 'channel_weights', categoryId: category.id, sum: round(channelSum) });
  }
  return problems;
}

/** A problem as a sentence an organiser can act on. */
export function describeReadinessProblem(
  p: ReadinessProblem,
  names: { category: (id: string) => string; indicator: (id: string) => string },
  lang: 'zh' | 'en' = 'zh',
): string {
  const zh = lang === 'zh';
  switch (p.kind) {
    case 'no_units':
      return zh ? '还没有被考评单位。' : 'There are no units to assess yet.';
    case 'no_indicators':
      return zh
        ? `类别“${names.category(p.categoryId)}”还没有指标。`
        : `Category “${names.category(p.categoryId)}” has no indicators.`;
    case 'indicator_weights': {
      const where =
        p.parentId === null ? (zh ? '一级指标' : 'top-level indicators') : names.indicator(p.parentId);
      return zh
        ? `类别“${names.category(p.categoryId)}”中“${where}”下的指标权重合计 ${p.sum}%，应为 100%。`
        : `In “${names.category(p.categoryId)}”, the weights under “${where}” sum to ${p.sum}%, not 100%.`;
    }
    case 'channel_weights':
      return zh
        ? `类别“${names.category(p.categoryId)}”的评价渠道权重合计 ${p.sum}%，应为 100%。`
        : `The channel weights of “${names.category(p.categoryId)}” sum to ${p.sum}%, not 100%.`;
  }
}
