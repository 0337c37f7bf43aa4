// The data dictionary of a release: every column, in Chinese and English.
import type { Release } from '@kaimen/contracts';

type Entry = Release['codebook'][number];

const LEVELS = '1 非常不满意 very dissatisfied … 5 非常满意 very satisfied';
/** The five levels' value labels (in rows.sav; named here for every format). */
export const LEVEL_LABELS: Record<string, string> = {
  '1': '非常不满意 very dissatisfied',
  '2': '不满意 dissatisfied',
  '3': '基本满意 fairly satisfied',
  '4': '满意 satisfied',
  '5': '非常满意 very satisfied',
};
/** verified is true/false in CSV, JSON Lines, XLSX and Parquet, and 1/0 with these labels in rows.sav. */
export const VERIFIED_LABELS: Record<string, string> = {
  '0': '否 no (window QR)',
  '1': '是 yes (per-visit code)',
};

/** What a release holds besides the citizen ratings (its settings). */
export interface ReleaseParts {
  comments: boolean;
  panel: boolean;
}

export const partsOf = (settings: unknown): ReleaseParts => {
  const s = (settings ?? {}) as { includeComments?: boolean; includePanel?: boolean };
  return { comments: s.includeComments === true, panel: s.includePanel === true };
};

export function codebookOf(
  aspects: readonly { code: string; name: string; name_en: string }[],
  parts: ReleaseParts = { comments: false, panel: false },
): Entry[] {
  return [
    {
      column: 'row_no',
      zh: '行号（顺序不含时间信息）',
      en: 'Row number (its order carries no time information)',
      type: 'integer',
    },
    ...(parts.panel
      ? [
          {
            column: 'channel',
            zh: '评价渠道（群众评价；代表委员评议；特约监督员评议）',
            en: 'Channel (citizen rating; deputies and members; special supervisors)',
            type: 'text' as const,
            values: 'citizen | representative | special_supervisor',
          },
        ]
      : []),
    { column: 'category', zh: '单位类别', en: 'Unit category', type: 'text' },
    {
      column: 'unit',
      zh: '单位（按类别泛化时为空）',
      en: 'Unit (empty when generalised to category)',
      type: 'text',
    },
    {
      column: 'service_point',
      zh: '服务窗口（按单位或类别泛化时为空）',
      en: 'Service point (empty when generalised to unit or category)',
      type: 'text',
    },
    {
      column: 'period',
      zh: '评价日期所在的日、ISO 周或月（北京时间）',
      en: 'Day, ISO week or month of the rating (China time)',
      type: 'text',
      values: 'YYYY-MM-DD | YYYY-Www | YYYY-MM',
    },
    {
      column: 'verified',
      zh: '是否为一次一评（与真实办件关联；评议行为空）',
      en: 'Verified (tied to a real service transaction; empty on panel rows)',
      type: 'boolean',
      values: 'true | false（rows.sav: 1 | 0）',
      labels: VERIFIED_LABELS,
    },
    {
      column: 'overall',
      zh: '总体满意度（评议行为空）',
      en: 'Overall satisfaction (empty on panel rows)',
      type: 'integer',
      values: LEVELS,
      labels: LEVEL_LABELS,
    },
    ...aspects.map(
      (a): Entry => ({
        column: `aspect_${a.code}`,
        zh: a.name,
        en: a.name_en,
        type: 'integer',
        values: `${LEVELS}; 空 empty = 未作答 not answered`,
        labels: LEVEL_LABELS,
      }),
    ),
    ...(parts.panel
      ? [
          {
            column: 'panel_score',
            zh: '评议得分：该张评议表各指标得分折算为百分制后的平均（仅评议行）',
            en: 'Panel score: mean of the ballot’s indicator scores, each rescaled to 0–100 (panel rows only)',
            type: 'number' as const,
            values: '0–100，一位小数 one decimal',
          },
        ]
      : []),
    ...(parts.comments
      ? [
          {
            column: 'comment',
            zh: '文字评价（已去除电话、证件号、卡号、邮箱、账号、工号、姓名、地址等个人信息，以 [手机号] 等标记代替）',
            en: 'Comment (phone, ID, card and staff numbers, e-mails, accounts, names and addresses replaced by markers such as [手机号])',
            type: 'text' as const,
            values: '空 empty = 无文字评价 no comment',
          },
        ]
      : []),
  ];
}

/** What no release holds, whatever its settings (comments only ever scrubbed, and only if asked). */
export const neverReleased = (parts: ReleaseParts) => [
  ...NEVER_RELEASED,
  parts.comments ? 'unscrubbed comments 未脱敏的文字评价' : 'comments 文字评价',
  ...(parts.panel ? ['evaluators, their kind and panel comments 评议人及其类别、评议意见'] : []),
];

const NEVER_RELEASED = [
  'phone numbers 电话号码',
  'IP addresses IP 地址',
  'device cookies 设备标识',
  'invitation ids 邀请标识',
  'exact timestamps 精确时间',
  'staff ids 工作人员标识',
  'case replies 工单答复',
  'rating ids 评价编号',
];
