// When a cycle may be deleted: only a draft that nothing has been recorded against. A draft's
// own configuration (phases, trees, weights, policy) goes with it; anything a person or a
// citizen produced for it, or a later cycle copied from it, keeps it, and the organiser is told
// which. The counts come from the database; deciding and wording is here.

/** What can stand against a cycle, in the order the refusal names them. */
export const CYCLE_RECORD_KINDS = [
  'citizen_ratings',
  'panel',
  'opinions',
  'scores',
  'task_items',
  'outcomes',
  'rectification',
  're_reviews',
  'releases',
  'later_cycles',
] as const;
export type CycleRecordKind = (typeof CYCLE_RECORD_KINDS)[number];
export type CycleRecordCounts = Record<CycleRecordKind, number>;

const NAMES: Record<CycleRecordKind, { zh: string; en: string }> = {
  citizen_ratings: { zh: '群众评价', en: 'citizen ratings' },
  panel: { zh: '评议代表分配、邀请或评议表', en: 'panel assignments, invitations or ballots' },
  opinions: { zh: '信访或纪检监察意见', en: 'petition or discipline opinions' },
  scores: { zh: '指标评分', en: 'indicator scores' },
  task_items: { zh: '年初清单或日常检查记录', en: 'task list or spot check records' },
  outcomes: { zh: '计算结果', en: 'computed results' },
  rectification: { zh: '整改事项', en: 'rectification items' },
  re_reviews: { zh: '复查记录', en: 're-reviews' },
  releases: { zh: '脱敏数据集', en: 'dataset releases' },
  later_cycles: { zh: '复制自本周期的后续周期', en: 'later cycles copied from it' },
};

export type CycleDeletion = { ok: true } | { ok: false; message: { 'zh-CN': string; en: string } };

export function cycleDeletion(state: string, counts: CycleRecordCounts): CycleDeletion {
  if (state !== 'draft')
    return {
      ok: false,
      message: {
        'zh-CN': '只有草稿状态的周期可以删除；已开始的周期保留其全部记录。',
        en: 'Only a draft cycle can be deleted; a cycle that has opened keeps all its records.',
      },
    };
  const found = CYCLE_RECORD_KINDS.filter((k) => counts[k] > 0);
  if (found.length === 0) return { ok: true };
  return {
    ok: false,
    message: {
      'zh-CN': `此周期已有${found.map((k) => `${NAMES[k].zh}（${counts[k]}）`).join('、')}，不能删除。`,
      en: `This cycle already has ${found.map((k) => `${NAMES[k].en} (${counts[k]})`).join(', ')}, so it cannot be deleted.`,
    },
  };
}
