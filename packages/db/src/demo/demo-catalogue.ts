// Names for the demo: a provincial organiser with units in four categories. Realistic enough
// to read like a real province; the holiday list follows the published 2026 arrangement and
// is demo data the organiser edits in the calendar.

export const DEMO_ORGANISER = {
  code: 'demo-organiser',
  name: '省直机关工委考评办',
  nameEn: 'Provincial Organs Work Committee — Assessment Office',
};

export interface DemoCategory {
  code: string;
  name: string;
  nameEn: string;
  /** Service points per unit (min, max) and their kind. */
  windows: [number, number];
  units: { code: string; name: string; parent?: string }[];
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    code: 'window_service',
    name: '窗口服务类',
    nameEn: 'Window service',
    windows: [4, 6],
    units: [
      { code: 'gov-service-centre', name: '省政务服务中心' },
      { code: 'psb-exit-entry', name: '省公安厅出入境管理局', parent: 'psb' },
      { code: 'psb-vehicles', name: '省公安厅交通管理局车辆管理所', parent: 'psb' },
      { code: 'hrss', name: '省人力资源和社会保障厅' },
      { code: 'medical-security', name: '省医疗保障局' },
      { code: 'housing-fund', name: '省住房公积金管理中心' },
      { code: 'market-regulation', name: '省市场监督管理局' },
      { code: 'tax', name: '国家税务总局省税务局' },
      { code: 'real-estate', name: '省不动产登记中心' },
      { code: 'civil-affairs', name: '省民政厅' },
      { code: 'veterans', name: '省退役军人事务厅' },
      { code: 'disabled-federation', name: '省残疾人联合会' },
      { code: 'exam-authority', name: '省教育考试院' },
      { code: 'health-commission', name: '省卫生健康委员会' },
    ],
  },
  {
    code: 'law_enforcement',
    name: '执法监管类',
    nameEn: 'Law enforcement and supervision',
    windows: [2, 3],
    units: [
      { code: 'psb', name: '省公安厅' },
      { code: 'ecology', name: '省生态环境厅' },
      { code: 'emergency', name: '省应急管理厅' },
      { code: 'transport', name: '省交通运输厅' },
      { code: 'culture-tourism', name: '省文化和旅游厅' },
      { code: 'agriculture', name: '省农业农村厅' },
      { code: 'natural-resources', name: '省自然资源厅' },
      { code: 'forestry', name: '省林业局' },
      { code: 'drug-administration', name: '省药品监督管理局' },
      { code: 'grain-reserves', name: '省粮食和物资储备局' },
    ],
  },
  {
    code: 'general_affairs',
    name: '综合事务类',
    nameEn: 'General affairs',
    windows: [1, 1],
    units: [
      { code: 'development-reform', name: '省发展和改革委员会' },
      { code: 'finance', name: '省财政厅' },
      { code: 'audit', name: '省审计厅' },
      { code: 'statistics', name: '省统计局' },
      { code: 'government-offices', name: '省机关事务管理局' },
      { code: 'archives', name: '省档案馆' },
      { code: 'foreign-affairs', name: '省人民政府外事办公室' },
      { code: 'science-technology', name: '省科学技术厅' },
      { code: 'industry-it', name: '省工业和信息化厅' },
      { code: 'commerce', name: '省商务厅' },
    ],
  },
  {
    code: 'public_service',
    name: '公共服务类',
    nameEn: 'Public service',
    windows: [2, 3],
    units: [
      { code: 'library', name: '省图书馆' },
      { code: 'museum', name: '省博物馆' },
      { code: 'meteorology', name: '省气象局' },
      { code: 'earthquake', name: '省地震局' },
      { code: 'water-resources', name: '省水利厅' },
      { code: 'supply-marketing', name: '省供销合作社联合社' },
    ],
  },
];

export const WINDOW_NAMES = [
  '综合受理窗口',
  '业务办理窗口',
  '咨询服务台',
  '证照发放窗口',
  '自助服务区',
  '投诉受理窗口',
];

export const CHANNEL_WEIGHTS: Record<string, Record<string, number>> = {
  window_service: { citizen: 40, representative: 20, third_party: 20, superior: 10, self: 5, peer: 5 },
  law_enforcement: {
    citizen: 30,
    representative: 15,
    special_supervisor: 10,
    third_party: 20,
    superior: 15,
    self: 5,
    peer: 5,
  },
  general_affairs: { citizen: 20, representative: 25, third_party: 15, superior: 25, self: 5, peer: 10 },
  public_service: { citizen: 40, representative: 20, third_party: 20, superior: 10, self: 5, peer: 5 },
};

/** Second-level indicators under each of the four model dimensions. */
export const INDICATORS: Record<
  string,
  { code: string; name: string; kind: 'quantitative' | 'qualitative' }[]
> = {
  political: [
    { code: 'theory-study', name: '理论学习和政治建设', kind: 'qualitative' },
    { code: 'party-building', name: '党建工作与业务融合', kind: 'qualitative' },
  ],
  discipline: [
    { code: 'integrity', name: '廉洁自律和作风建设', kind: 'qualitative' },
    { code: 'rules-compliance', name: '遵守制度和工作纪律', kind: 'qualitative' },
  ],
  responsibility: [
    { code: 'task-completion', name: '年度任务清单完成率', kind: 'quantitative' },
    { code: 'problem-solving', name: '担当作为和解决问题', kind: 'qualitative' },
    { code: 'rectification', name: '问题整改落实情况', kind: 'quantitative' },
  ],
  efficiency: [
    { code: 'service-speed', name: '办事效率和时限', kind: 'quantitative' },
    { code: 'service-quality', name: '服务质量和群众满意度', kind: 'qualitative' },
  ],
};

export const DEDUCTION_RULES = [
  {
    type: 'eight_rules',
    name: '违反中央八项规定精神',
    nameEn: 'Breach of the eight-point rules',
    points: 3,
    cap: 9,
    veto: false,
  },
  {
    type: 'work_style',
    name: '形式主义官僚主义问题',
    nameEn: 'Formalism and bureaucratism',
    points: 2,
    cap: 6,
    veto: false,
  },
  {
    type: 'verified_complaint',
    name: '经查实的群众投诉',
    nameEn: 'Verified public complaint',
    points: 1,
    cap: 5,
    veto: false,
  },
  {
    type: 'serious_violation',
    name: '严重违纪违法案件',
    nameEn: 'Serious disciplinary or legal violation',
    points: 0,
    cap: 0,
    veto: true,
  },
];

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'.split(
  '',
);
export const GIVEN_NAMES = [
  '建国',
  '秀英',
  '志强',
  '丽华',
  '伟',
  '敏',
  '静',
  '军',
  '洋',
  '艳',
  '海燕',
  '国华',
  '晓明',
  '红梅',
  '德明',
  '春兰',
  '文博',
  '思远',
];
export const AFFILIATIONS = ['省人大代表', '省政协委员', '省党代会代表', '特约监察员'];

export const POSITIVE_COMMENTS = [
  '工作人员很耐心，办理很快。',
  '一次就办好了，点赞！',
  '服务态度好，解释得很清楚。',
  '环境整洁，排队时间不长。',
  '网上预约很方便，到现场直接办理。',
  '窗口人员主动帮忙填表，非常感谢。',
];

export const NEGATIVE_COMMENTS = [
  '排队等了一个多小时，窗口只开了两个。',
  '材料要求前后说法不一致，来回跑了三趟。',
  '工作人员态度生硬，问问题不耐烦。',
  '系统老是出故障，办到一半要重新来。',
  '告知要补的材料网上没写清楚。',
  '午休时间没人办理，白跑一趟。',
];

/** Official holidays and make-up working days, 2026 (demo calendar). */
export const HOLIDAYS_2026: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...['01', '02', '03'].map((d) => ({ day: `2026-01-${d}`, kind: 'holiday' as const, name: '元旦' })),
  { day: '2026-01-04', kind: 'workday', name: '元旦调休' },
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => ({
    day: `2026-02-${d}`,
    kind: 'holiday' as const,
    name: '春节',
  })),
  { day: '2026-02-14', kind: 'workday', name: '春节调休' },
  { day: '2026-02-28', kind: 'workday', name: '春节调休' },
  ...['04', '05', '06'].map((d) => ({ day: `2026-04-${d}`, kind: 'holiday' as const, name: '清明节' })),
  ...['01', '02', '03', '04', '05'].map((d) => ({
    day: `2026-05-${d}`,
    kind: 'holiday' as const,
    name: '劳动节',
  })),
  { day: '2026-05-09', kind: 'workday', name: '劳动节调休' },
  ...['19', '20', '21'].map((d) => ({ day: `2026-06-${d}`, kind: 'holiday' as const, name: '端午节' })),
  ...['25', '26', '27'].map((d) => ({ day: `2026-09-${d}`, kind: 'holiday' as const, name: '中秋节' })),
  { day: '2026-09-20', kind: 'workday', name: '国庆节调休' },
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
    day: `2026-10-${d}`,
    kind: 'holiday' as const,
    name: '国庆节',
  })),
  { day: '2026-10-10', kind: 'workday', name: '国庆节调休' },
];
