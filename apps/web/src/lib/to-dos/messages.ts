// Words of the 工作台 to-do list, zh-CN first; each follows its count.
import type { Lang } from '@kaimen/contracts';

const zh = {
  title: '待办事项',
  none: '目前没有待办事项。',
  about: '考评周期',
  go: '去处理',
  kinds: {
    overdue_cases: '件差评工单已超期未办结',
    open_cases: '件差评工单未办结',
    quarantine_waiting: '条群众评价在隔离区等待审核',
    panels_below_quorum: '个单位的评议票数未达到最少有效票数',
    scores_not_entered: '个单位尚未录入上级机关评分',
    results_to_publish: '个计算结果版本待审核公布',
    rectification_open: '项整改事项尚未完成',
  } as Record<string, string>,
};

const en: typeof zh = {
  title: 'To do',
  none: 'Nothing is waiting for you.',
  about: 'Cycle',
  go: 'Go',
  kinds: {
    overdue_cases: 'negative-rating cases are overdue',
    open_cases: 'negative-rating cases are not closed',
    quarantine_waiting: 'citizen ratings wait in quarantine for a decision',
    panels_below_quorum: 'units have fewer valid panel ballots than the quorum',
    scores_not_entered: 'units have no superior review scores yet',
    results_to_publish: 'computed result revisions wait for review and publishing',
    rectification_open: 'rectification items are not done',
  },
};

export const toDoMessages = (lang: Lang) => (lang === 'en' ? en : zh);
