// Per-form field labels, where a form names a field otherwise than the shared map does: the
// words beside the input, so a message reads like the form ("每组最少评价数 k 须在 5 至 100 之间").

import { labelFields } from './field-labels.ts';
import type { Localised } from './i18n.ts';
import { unitScoresInputSchema } from './opinions.ts';
import { ROSTER_COLUMNS, rosterRowSchema } from './panel.ts';
import { releaseInputSchema } from './releases.ts';
import { cycleInputSchema } from './setup.ts';

const l = (zh: string, en: string): Localised => ({ 'zh-CN': zh, en });

labelFields(releaseInputSchema, {
  name: l('数据集名称', 'dataset name'),
  k: l('每组最少评价数 k', 'minimum ratings per group k'),
  l: l('每组最少评价等级数 l', 'minimum distinct levels per group l'),
  maxSuppressedPercent: l('细粒度泛化最多舍弃比例', 'most rows a finer level may drop'),
  agencyIds: l('发布给', 'release to'),
});

labelFields(cycleInputSchema, {
  year: l('年度', 'year'),
  name: l('周期名称', 'cycle name'),
  variant: l('同年另设周期的区分词', 'what sets this cycle apart from others of the same year'),
});

labelFields(unitScoresInputSchema, {
  'scores.*.score': l('分数', 'score'),
  'scores.*.comment': l('说明', 'comment'),
});

// The roster's columns, as the file's header names them.
const ROSTER_EN: Record<string, string> = {
  name: 'name',
  kind: 'role',
  affiliation: 'affiliation and post',
  contact: 'contact',
  categories: 'categories to rate',
  units: 'units to rate',
};
labelFields(
  rosterRowSchema,
  Object.fromEntries(ROSTER_COLUMNS.map(([zh, field]) => [field, l(zh, ROSTER_EN[field] ?? field)])),
);
