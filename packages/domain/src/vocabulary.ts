// The fixed vocabularies of the domain, with the Chinese the UI shows first.
// Identifiers follow shared/GLOSSARY.md.

/** The 5-level citizen scale. 5 is 非常满意 (very satisfied), 1 is 非常不满意. */
export const SATISFACTION_LEVELS = [5, 4, 3, 2, 1] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

export const SATISFACTION_LABELS: Record<SatisfactionLevel, { zh: string; en: string }> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 差评: dissatisfied or very dissatisfied. */
export const isNegativeLevel = (level: SatisfactionLevel): boolean => level <= 2;

export const CHANNELS = [
  'citizen',
  'representative',
  'special_supervisor',
  'superior',
  'third_party',
  'self',
  'peer',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  citizen: { zh: '群众测评', en: 'Citizen rating' },
  representative: { zh: '两代表一委员', en: 'Representatives' },
  special_supervisor: { zh: '特约监察员', en: 'Special supervisors' },
  superior: { zh: '上级机关评价', en: 'Superior review' },
  third_party: { zh: '第三方评估', en: 'Third-party assessment' },
  self: { zh: '自评', en: 'Self-assessment' },
  peer: { zh: '互评', en: 'Peer review' },
};

export const GRADES = ['excellent', 'good', 'fair', 'poor'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  fair: { zh: '一般', en: 'Fair' },
  poor: { zh: '较差', en: 'Poor' },
};

export const CYCLE_STATES = ['draft', 'open', 'closed', 'computed', 'published'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export const ROLES = [
  'organiser_admin',
  'organiser_staff',
  'unit_liaison',
  'superior_reviewer',
  'petition_officer',
  'discipline_officer',
  'agency_analyst',
] as const;
export type Role = (typeof ROLES)[number];

/** The four "model agency" requirements: the default first level of an indicator tree. */
export const MODEL_DIMENSIONS = [
  { code: 'political', zh: '讲政治', en: 'Political loyalty' },
  { code: 'discipline', zh: '守纪律', en: 'Discipline' },
  { code: 'responsibility', zh: '负责任', en: 'Responsibility' },
  { code: 'efficiency', zh: '有效率', en: 'Efficiency' },
] as const;

/** Default aspects a citizen rates beside overall satisfaction. */
export const DEFAULT_RATING_ASPECTS = [
  { code: 'efficiency', zh: '办事效率', en: 'Efficiency' },
  { code: 'attitude', zh: '服务态度', en: 'Attitude' },
  { code: 'convenience', zh: '办事便捷度', en: 'Convenience' },
] as const;

/** Why a unit is on the negative list, from the rule codes the scoring engine records. */
export function describeNegativeListRule(rule: string, lang: 'zh' | 'en' = 'zh'): string {
  if (rule === 'poor_grade') return lang === 'zh' ? '等次为较差' : 'Grade Poor';
  if (rule === 'veto') return lang === 'zh' ? '一票否决' : 'Veto';
  const bottom = rule.match(/^bottom_(\d+)_of_category$/);
  if (bottom) return lang === 'zh' ? `同类别排名末 ${bottom[1]} 位` : `Bottom ${bottom[1]} of its category`;
  const over = rule.match(/^deductions_over_([\d.]+)$/);
  if (over) return lang === 'zh' ? `扣分超过 ${over[1]} 分` : `Deductions over ${over[1]} points`;
  return rule;
}

/** The Chinese name of a channel or grade code, the code itself when unknown. */
export const channelZh = (channel: string): string => CHANNEL_LABELS[channel as Channel]?.zh ?? channel;
export const gradeZh = (grade: string): string => GRADE_LABELS[grade as Grade]?.zh ?? grade;
