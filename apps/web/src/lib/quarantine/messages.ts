// Words of the quarantine screen and the dashboard's window alerts, zh-CN first.
import type { Lang } from '@kaimen/contracts';

const zh = {
  intro:
    '以下评价因疑似刷评被暂时隔离，不计入得分，也不会被删除。同一窗口、同一天、同一原因的评价为一批，核实后可整批放行或驳回，并说明理由（记入审计日志）。',
  batch: (n: number) => `${n} 条评价`,
  day: '日期',
  window: '窗口',
  meanOverall: '平均满意度',
  sample: '部分留言',
  note: '理由',
  releaseBatch: '整批放行',
  rejectBatch: '整批驳回',
  decided: (n: number) => `已处理 ${n} 条评价。`,
  boundTitle: '该窗口今天的评价上限',
  bound: (b: {
    expectedPerDay: number;
    expectedPerHour: number;
    basis: string;
    hour: number;
    day: number;
    addressHour: number;
    noCookieHour: number;
    multiple: number;
    historyDays: number;
  }) =>
    `按${b.basis === 'history' ? `近 ${b.historyDays} 天的实际评价` : b.basis === 'volume' ? '登记的服务量' : '最低预期'}，该窗口预计每天约 ${b.expectedPerDay} 条、每小时约 ${b.expectedPerHour} 条评价。超过预期 ${b.multiple} 倍（每小时 ${b.hour} 条、每天 ${b.day} 条）的扫码评价隔离为“超出该窗口实际服务量”；同一网络每小时最多计入 ${b.addressHour} 条，未带评价 Cookie 的客户端每小时最多 ${b.noCookieHour} 条。`,
  thresholds: (t: {
    minFillSeconds: number;
    burstPerMinute: number;
    identicalPer10Minutes: number;
    formTokenMinutes: number;
  }) =>
    `其他规则：填写少于 ${t.minFillSeconds} 秒为“填写过快”；同一窗口每分钟超过 ${t.burstPerMinute} 条为“短时集中提交”；10 分钟内超过 ${t.identicalPer10Minutes} 条完全相同的答案为“大量相同答案”；每份评价表只能提交一次，打开超过 ${t.formTokenMinutes} 分钟后失效。阈值在考评周期的评分规则（windowBound）和系统配置中设置。`,
  paused: '扫码评价已暂停',
  pause: '暂停该窗口扫码评价',
  resume: '恢复扫码评价',
  pauseReason: '暂停理由',
  alertsTitle: '疑似刷评的窗口',
  alertsIntro: (h: number) => `近 ${h} 小时内被隔离或驳回的评价比例明显高于此前四周的窗口。`,
  alertsNone: '目前没有异常窗口。',
  alertLine: (a: { recentHeld: number; recentTotal: number; recentShare: number; baseShare: number }) =>
    `近期 ${a.recentTotal} 条中隔离 ${a.recentHeld} 条（${Math.round(a.recentShare * 100)}%，此前 ${Math.round(a.baseShare * 100)}%）`,
};
type QuarantineMessages = typeof zh;

const en: QuarantineMessages = {
  intro:
    'These ratings look stuffed: they are held out of the scores, never deleted. Ratings of one window, one day and one reason form a batch; after checking, release or reject a whole batch with a reason (recorded in the audit log).',
  batch: (n) => `${n} ratings`,
  day: 'Day',
  window: 'Window',
  meanOverall: 'Mean satisfaction',
  sample: 'Some comments',
  note: 'Reason',
  releaseBatch: 'Release batch',
  rejectBatch: 'Reject batch',
  decided: (n) => `${n} ratings decided.`,
  boundTitle: 'What this window can receive today',
  bound: (b) =>
    `From ${b.basis === 'history' ? `its ratings of the last ${b.historyDays} days` : b.basis === 'volume' ? 'its recorded service volume' : 'the minimum expectation'}, this window expects about ${b.expectedPerDay} ratings a day, ${b.expectedPerHour} an hour. QR ratings beyond ${b.multiple} times that (${b.hour} an hour, ${b.day} a day) are held as “more ratings than this window serves”; one network counts for at most ${b.addressHour} an hour, clients that never return the rater cookie for ${b.noCookieHour} an hour.`,
  thresholds: (t) =>
    `Other rules: a form filled in under ${t.minFillSeconds} s is “too fast”; over ${t.burstPerMinute} a minute at one window is a “burst”; over ${t.identicalPer10Minutes} identical answer sets in 10 minutes are “identical answers”; each form can be sent once and expires after ${t.formTokenMinutes} minutes. Thresholds are set in the cycle’s scoring policy (windowBound) and the configuration.`,
  paused: 'QR rating paused',
  pause: 'Pause QR rating at this window',
  resume: 'Resume QR rating',
  pauseReason: 'Reason for the pause',
  alertsTitle: 'Windows that look under attack',
  alertsIntro: (h) =>
    `Windows whose share of held or rejected ratings in the last ${h} hours jumped against the four weeks before.`,
  alertsNone: 'No window looks unusual right now.',
  alertLine: (a) =>
    `${a.recentHeld} of ${a.recentTotal} recent ratings held (${Math.round(a.recentShare * 100)}%, before ${Math.round(a.baseShare * 100)}%)`,
};

export const quarantineMessages = (lang: Lang): QuarantineMessages => (lang === 'en' ? en : zh);
