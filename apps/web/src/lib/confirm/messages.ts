// What each irreversible step does and what cannot be undone, said before it is done, zh-CN first.
import type { Lang } from '@kaimen/contracts';

export type ConfirmKind = 'open' | 'close' | 'publish' | 'caseClose' | 'delist' | 'deleteCycle';

interface Wording {
  title: string;
  /** What happens, one sentence each. */
  happens: string[];
  /** What cannot be undone afterwards. */
  final: string;
  confirm: string;
}

const zh: Record<ConfirmKind, Wording> & { cancel: string; subject: string } = {
  open: {
    title: '确认开始考评？',
    happens: [
      '周期开始接受群众评价和各渠道意见，评价二维码和评价屏即刻生效。',
      '各类别的指标体系、指标权重和渠道权重随即冻结。',
      '同一时间只能有一个进行中的周期。',
    ],
    final: '开始后不能退回草稿，指标体系和权重也不能再修改（只能在下一周期调整）。',
    confirm: '确认开始考评',
  },
  close: {
    title: '确认截止考评？',
    happens: ['周期不再接受群众评价、两代表一委员评议和其他渠道的新意见。', '之后可以计算和公布结果。'],
    final: '截止后不能重新开放本周期接受评价。',
    confirm: '确认截止考评',
  },
  publish: {
    title: '确认公布此版本？',
    happens: [
      '此版本的结果成为正式结果：各单位可以看到自己的得分和等次，公开页面显示结果。',
      '按结果生成各单位的整改清单。',
    ],
    final: '公布后不能撤回；如需更正，只能重新计算并公布新版本（旧版本仍留有记录）。',
    confirm: '确认公布',
  },
  caseClose: {
    title: '确认办结此工单？',
    happens: ['工单状态变为“已办结”，不再计入未办结和超期工单。'],
    final: '办结后不能重新打开，也不能再补充核实情况、答复或回访记录。',
    confirm: '确认办结',
  },
  delist: {
    title: '确认摘牌？',
    happens: ['该单位的模范机关称号自今日起撤销，复查记录写明原因。'],
    final: '摘牌后不能恢复；该单位只能在以后的考评中重新获得称号。',
    confirm: '确认摘牌',
  },
  deleteCycle: {
    title: '确认删除此草稿周期？',
    happens: ['周期及其阶段、指标体系、权重和评分规则一并删除。'],
    final: '删除后不能恢复。只有尚无任何评价、意见、评分和结果的草稿周期可以删除。',
    confirm: '确认删除',
  },
  cancel: '取消',
  subject: '对象',
};

const en: typeof zh = {
  open: {
    title: 'Open the cycle?',
    happens: [
      'The cycle starts taking citizen ratings and every channel’s opinions; rating QR codes and screens work at once.',
      'Every category’s indicator tree, indicator weights and channel weights are frozen.',
      'Only one cycle can be open at a time.',
    ],
    final:
      'An open cycle cannot go back to draft, and its trees and weights cannot change (change them in the next cycle).',
    confirm: 'Yes, open the cycle',
  },
  close: {
    title: 'Close the cycle?',
    happens: [
      'The cycle stops taking citizen ratings, representatives’ reviews and other channels’ opinions.',
      'Results can then be computed and published.',
    ],
    final: 'A closed cycle cannot be opened for ratings again.',
    confirm: 'Yes, close the cycle',
  },
  publish: {
    title: 'Publish this revision?',
    happens: [
      'This revision becomes the official result: each unit sees its score and grade, and the public page shows the results.',
      'Rectification lists are opened for the units from these results.',
    ],
    final:
      'Publishing cannot be withdrawn; a correction is a new computed and published revision (the old one stays on record).',
    confirm: 'Yes, publish',
  },
  caseClose: {
    title: 'Close this case?',
    happens: ['The case becomes “closed” and no longer counts as open or overdue.'],
    final: 'A closed case cannot be reopened, and no verification, reply or callback can be added.',
    confirm: 'Yes, close the case',
  },
  delist: {
    title: 'Delist this model agency?',
    happens: ['The unit’s model agency title is withdrawn from today; the re-review records the reason.'],
    final: 'Delisting cannot be undone; the unit can only earn the title again in a later assessment.',
    confirm: 'Yes, delist',
  },
  deleteCycle: {
    title: 'Delete this draft cycle?',
    happens: ['The cycle is deleted with its phases, indicator trees, weights and policy.'],
    final: 'This cannot be undone. Only a draft with no ratings, opinions, scores or results can be deleted.',
    confirm: 'Yes, delete',
  },
  cancel: 'Cancel',
  subject: 'Subject',
};

export const confirmMessages = (lang: Lang) => (lang === 'en' ? en : zh);
