// Words of the cycle context (the header's cycle and picker) and of the refusals that follow from
// a cycle's state, zh-CN first.
import type { Lang } from '@kaimen/contracts';

const zh = {
  current: '当前考评周期',
  pick: '切换考评周期',
  switch: '切换',
  year: '{year} 年度',
  draftOnly: '目前只有草稿周期：草稿周期尚未开始，不收评价、评议和评分。',
  noCycle: '尚未创建考评周期。',
  latestPublished: '最新公布的考评结果',
  noPublished: '尚未公布考评结果。',
  publishedRevision: '第 {n} 版结果已公布。',
  reissue: '重发链接',
  withdraw: '撤回链接',
  withdrawn: '已撤回该人员的邀请链接，原链接即刻失效。',
  reissued: '已为该人员重发链接，原链接即刻失效。',
  copyAll: '复制全部链接',
  copied: '已复制',
  allLinks: '全部链接（可全选复制）',
  downloadCsv: '下载链接 CSV',
  linkActions: '链接',
  /** Why a cycle takes no input now, and what to do instead, by its state. */
  notOpen: {
    draft: '该考评周期尚未开始（草稿），现在不能评议或评分；考评办开始考评后即可填写。',
    closed: '该考评周期已截止，不再接受评议和评分。',
    computed: '该考评周期已截止并已计算结果，不再接受评议和评分。',
    published: '该考评周期的结果已公布，不再接受评议和评分。',
  } as Record<string, string>,
  notOpenInvite: {
    draft: '该周期尚未开始（草稿），现在生成的邀请链接打不开评议表。请先在“考评周期”页开始考评，再生成链接。',
    closed: '该周期已截止，不能再生成邀请链接；代表委员已无法提交评议。请选择进行中的周期。',
    computed: '该周期已截止并已计算结果，不能再生成邀请链接。请选择进行中的周期。',
    published: '该周期结果已公布，不能再生成邀请链接。请选择进行中的周期。',
  } as Record<string, string>,
};

const en: typeof zh = {
  current: 'Current assessment cycle',
  pick: 'Switch cycle',
  switch: 'Switch',
  year: '{year}',
  draftOnly: 'Only draft cycles exist: a draft has not started and takes no ratings, ballots or scores.',
  noCycle: 'No assessment cycle yet.',
  latestPublished: 'Latest published results',
  noPublished: 'No results published yet.',
  publishedRevision: 'Revision {n} is published.',
  reissue: 'Reissue link',
  withdraw: 'Withdraw link',
  withdrawn: 'The link is withdrawn; it stops working at once.',
  reissued: 'A new link is issued; the old one stops working at once.',
  copyAll: 'Copy all links',
  copied: 'Copied',
  allLinks: 'All links (select all to copy)',
  downloadCsv: 'Download links as CSV',
  linkActions: 'Link',
  notOpen: {
    draft:
      'This cycle has not started (draft): nothing can be rated or scored yet; it can once the organiser opens it.',
    closed: 'This cycle is closed and takes no more ballots or scores.',
    computed: 'This cycle is closed and its results are computed; it takes no more ballots or scores.',
    published: 'This cycle’s results are published; it takes no more ballots or scores.',
  },
  notOpenInvite: {
    draft:
      'This cycle has not started (draft): links issued now would open no form. Open the cycle on the Cycles page first, then issue the links.',
    closed: 'This cycle is closed: no more links can be issued and nobody can submit. Choose the open cycle.',
    computed: 'This cycle is closed and computed: no more links can be issued. Choose the open cycle.',
    published: 'This cycle’s results are published: no more links can be issued. Choose the open cycle.',
  },
};

export const cycleMessages = (lang: Lang) => (lang === 'en' ? en : zh);
