// UI text, zh-CN first. Every screen takes its words from here.
import type { Lang } from '@kaimen/contracts';

const zh = {
  appName: '开门考评',
  tagline: '机关满意度测评与第三方评估平台',
  switchLang: 'English',
  switchLangTo: 'en',
  signIn: '工作人员登录',
  signOut: '退出登录',
  homeIntro:
    '群众在服务窗口扫码评价，两代表一委员、上级机关、信访和纪检监察部门、第三方评估机构共同参与，考评结果公开透明、有据可查。',
  channelsTitle: '谁来评价',
  channels: [
    ['群众测评', '办事群众扫描窗口二维码，对刚刚获得的服务进行评价。'],
    ['两代表一委员', '党代表、人大代表、政协委员通过专属邀请链接评议单位。'],
    ['机关与部门意见', '上级机关、信访部门、纪检监察机关提出结构化意见。'],
    ['第三方评估', '独立评估机构提交评分，并获取脱敏数据集。'],
  ],
  organisersTitle: '考评概况',
  units: '被考评单位',
  servicePoints: '服务窗口',
  currentCycle: '当前考评周期',
  citizenRatings: '群众评价',
  noOrganisers: '尚未设置考评机构。',
  state: {
    draft: '草稿',
    open: '进行中',
    closed: '已截止',
    computed: '已计算',
    published: '已公布',
  } as Record<string, string>,
  login: '账号',
  password: '密码',
  signInTitle: '工作人员登录',
  signInHint: '考评办、被考评单位、上级机关、信访、纪检监察及评估机构工作人员使用。',
  signInButton: '登录',
  consoleTitle: '工作台',
  welcome: '您好',
  organisation: '所属机构',
  roles: '角色',
  roleNames: {
    organiser_admin: '考评办管理员',
    organiser_staff: '考评办工作人员',
    unit_liaison: '单位联络员',
    superior_reviewer: '上级机关评价人',
    petition_officer: '信访部门',
    discipline_officer: '纪检监察机关',
    agency_analyst: '评估机构分析员',
  } as Record<string, string>,
  consoleSoon: '考评周期、指标、评价渠道和结果管理将在此处提供。',
  apiDown: '暂时无法连接服务，请稍后刷新。',
  home: '首页',
};

type Messages = typeof zh;

const en: Messages = {
  appName: 'Kaimen',
  tagline: 'Public satisfaction survey and third-party assessment',
  switchLang: '中文',
  switchLangTo: 'zh-CN',
  signIn: 'Staff sign-in',
  signOut: 'Sign out',
  homeIntro:
    'Citizens rate the service they just received by scanning a QR code at the window; representatives, superior agencies, petition and discipline offices and independent agencies take part too. Every result can be traced to its inputs.',
  channelsTitle: 'Who rates',
  channels: [
    ['Citizens', 'People scan the QR code at a service window and rate what they just got.'],
    [
      'Representatives',
      'Party congress and NPC deputies and CPPCC members rate units through personal invitations.',
    ],
    ['Agencies and offices', 'Superior agencies, petition and discipline offices give structured opinions.'],
    ['Third-party assessment', 'Independent agencies add their scores and download anonymized datasets.'],
  ],
  organisersTitle: 'At a glance',
  units: 'Units assessed',
  servicePoints: 'Service points',
  currentCycle: 'Current cycle',
  citizenRatings: 'Citizen ratings',
  noOrganisers: 'No organiser has been set up yet.',
  state: { draft: 'Draft', open: 'Open', closed: 'Closed', computed: 'Computed', published: 'Published' },
  login: 'Login',
  password: 'Password',
  signInTitle: 'Staff sign-in',
  signInHint:
    'For staff of the organiser, assessed units, superior agencies, petition and discipline offices and assessment agencies.',
  signInButton: 'Sign in',
  consoleTitle: 'Console',
  welcome: 'Hello',
  organisation: 'Organisation',
  roles: 'Roles',
  roleNames: {
    organiser_admin: 'Organiser admin',
    organiser_staff: 'Organiser staff',
    unit_liaison: 'Unit liaison',
    superior_reviewer: 'Superior reviewer',
    petition_officer: 'Petition office',
    discipline_officer: 'Discipline office',
    agency_analyst: 'Agency analyst',
  },
  consoleSoon: 'Cycles, indicators, channels and results will be managed here.',
  apiDown: 'The service cannot be reached right now; please refresh in a moment.',
  home: 'Home',
};

export const messages = (lang: Lang): Messages => (lang === 'en' ? en : zh);
export type { Messages };
