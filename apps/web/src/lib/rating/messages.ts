// Words of the citizen rating page, zh-CN first.
import type { Lang } from '@kaimen/contracts';

const zh = {
  title: '服务评价',
  intro: '请对您刚刚办理的业务进行评价，只需几秒钟。评价是匿名的。',
  overall: '总体满意度',
  required: '（必填）',
  levels: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as Record<number, string>,
  aspectsTitle: '分项评价（可选）',
  comment: '意见和建议（可选，最多 500 字）',
  callbackTitle: '需要回访吗？（可选）',
  callbackHint:
    '如您希望工作人员就不满意的问题联系您，请留下电话。电话号码加密保存，仅用于回访，处理完毕后删除。',
  phone: '联系电话',
  consent: '我同意工作人员使用此号码就本次评价与我联系',
  submit: '提交评价',
  submitting: '正在提交…',
  verified: '一次一评：本次评价将与您刚办理的业务关联。',
  honeypot: '请勿填写此项',
  thanksTitle: '感谢您的评价！',
  thanksText: '您的评价已经收到，将作为单位年度考评的依据之一。',
  thanksCase: '您反映的问题已转交该单位核实处理，单位将在规定的工作日内答复。',
  again: '返回',
  formError: '请检查下面标出的内容。',
  chooseOverall: '请选择您的总体满意度。',
};
type RatingMessages = typeof zh;

const en: RatingMessages = {
  title: 'Rate this service',
  intro: 'Please rate the service you just received; it takes a few seconds. Ratings are anonymous.',
  overall: 'Overall satisfaction',
  required: ' (required)',
  levels: {
    5: 'Very satisfied',
    4: 'Satisfied',
    3: 'Fairly satisfied',
    2: 'Dissatisfied',
    1: 'Very dissatisfied',
  },
  aspectsTitle: 'In detail (optional)',
  comment: 'Comments and suggestions (optional, up to 500 characters)',
  callbackTitle: 'Would you like a call back? (optional)',
  callbackHint:
    'If you would like the staff to contact you about what went wrong, leave a phone number. It is stored encrypted, used only for the call back and deleted afterwards.',
  phone: 'Phone number',
  consent: 'I agree that the staff may contact me on this number about this rating',
  submit: 'Submit rating',
  submitting: 'Submitting…',
  verified: 'One visit, one rating: this rating is linked to the service you just received.',
  honeypot: 'Leave this empty',
  thanksTitle: 'Thank you for your rating!',
  thanksText: 'Your rating has been received and counts towards the unit’s annual assessment.',
  thanksCase:
    'The problem you reported has been passed to the unit, which will reply within the set working days.',
  again: 'Back',
  formError: 'Please check the fields marked below.',
  chooseOverall: 'Please choose how satisfied you are overall.',
};

export const ratingMessages = (lang: Lang): RatingMessages => (lang === 'en' ? en : zh);
