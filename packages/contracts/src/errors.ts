// The one error body every API answer uses, and the catalogue of error codes with the
// message a person can act on, in both languages.
import { z } from 'zod';
import type { Localised } from './i18n.ts';

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const ERROR_CATALOGUE = {
  validation_failed: {
    status: 400,
    message: { 'zh-CN': '提交的内容有误，请检查后重试。', en: 'The request is not valid; please check it.' },
  },
  malformed_json: {
    status: 400,
    message: { 'zh-CN': '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  },
  unauthenticated: {
    status: 401,
    message: { 'zh-CN': '请先登录。', en: 'Please sign in first.' },
  },
  invalid_credentials: {
    status: 401,
    // One answer for an unknown login, a wrong password and a locked account, so the
    // answer never tells which logins exist; the lock is mentioned for everyone.
    message: {
      'zh-CN': '账号或密码不正确。连续多次失败后账号会暂时锁定，请稍后再试。',
      en: 'The login or password is not correct. After repeated failures an account is locked for a while.',
    },
  },
  second_factor_required: {
    status: 401,
    message: {
      'zh-CN': '此账号已开启两步验证，请输入身份验证器中的 6 位验证码。',
      en: 'This account uses two-step verification: enter the 6-digit code from your authenticator app.',
    },
  },
  invalid_second_factor: {
    status: 401,
    message: {
      'zh-CN': '验证码不正确或已使用，请输入身份验证器中最新的验证码。',
      en: 'The code is wrong or was already used; enter the current code from your authenticator app.',
    },
  },
  forbidden: {
    status: 403,
    message: { 'zh-CN': '您没有权限进行此操作。', en: 'You are not allowed to do this.' },
  },
  not_found: {
    status: 404,
    message: { 'zh-CN': '找不到请求的内容。', en: 'Not found.' },
  },
  conflict: {
    status: 409,
    message: { 'zh-CN': '操作与当前状态冲突。', en: 'This conflicts with the current state.' },
  },
  invalid_utf8: {
    status: 400,
    message: {
      'zh-CN': '请求内容不是有效的 UTF-8 文本，请检查文字编码后重试。',
      en: 'The request body is not valid UTF-8 text; check its encoding.',
    },
  },
  unsupported_media_type: {
    status: 415,
    message: {
      'zh-CN': '不支持的内容类型：请以 application/json 发送。',
      en: 'Unsupported content type: send the body as application/json.',
    },
  },
  payload_too_large: {
    status: 413,
    message: { 'zh-CN': '提交的内容过大。', en: 'The request is too large.' },
  },
  too_many_requests: {
    status: 429,
    message: { 'zh-CN': '操作过于频繁，请稍后再试。', en: 'Too many requests; please try again later.' },
  },
  rating_code_invalid: {
    status: 404,
    message: {
      'zh-CN': '二维码无效或已停用，请扫描窗口张贴的最新二维码，或向工作人员咨询。',
      en: 'This QR code is not valid or has been withdrawn; please scan the current code at the window or ask the staff.',
    },
  },
  visit_token_used: {
    status: 409,
    message: {
      'zh-CN': '这个评价码已经使用过了，感谢您的评价！',
      en: 'This rating code has already been used. Thank you for your feedback!',
    },
  },
  invitation_used: {
    status: 409,
    message: {
      'zh-CN': '此邀请链接已经使用过。请在第一次打开它的设备上继续；如需换设备，请联系考评办重新发送链接。',
      en: 'This invitation link has already been used. Continue on the device where you first opened it, or ask the organiser for a new link.',
    },
  },
  invitation_expired: {
    status: 410,
    message: {
      'zh-CN': '此邀请链接已过期或已停用，请联系考评办重新发送。',
      en: 'This invitation link has expired or was withdrawn; please ask the organiser for a new one.',
    },
  },
  ballot_submitted: {
    status: 409,
    message: {
      'zh-CN': '该单位的评议已经提交，不能再次提交或修改。',
      en: 'Your rating of this unit has already been submitted; it cannot be submitted again or changed.',
    },
  },
  visit_token_expired: {
    status: 410,
    message: {
      'zh-CN': '这个评价码已过期，请扫描窗口张贴的二维码进行评价。',
      en: 'This rating code has expired; please scan the QR code displayed at the window.',
    },
  },
  no_open_cycle: {
    status: 409,
    message: {
      'zh-CN': '当前没有进行中的考评，暂不接受评价。',
      en: 'No assessment is open at the moment, so ratings are not being taken.',
    },
  },
  rating_daily_limit: {
    status: 429,
    message: {
      'zh-CN': '您今天已对该窗口评价多次，感谢您的参与！',
      en: 'You have already rated this window several times today. Thank you for taking part!',
    },
  },
  rating_ip_ceiling: {
    status: 429,
    message: {
      'zh-CN': '当前网络提交评价过于频繁，请稍候一分钟再试。',
      en: 'Too many ratings from this network right now; please try again in a minute.',
    },
  },
  form_token_used: {
    status: 409,
    message: {
      'zh-CN': '这份评价表已经提交过了。如需再次评价，请使用下面的新表。',
      en: 'This rating form has already been sent. To rate again, please use the fresh form below.',
    },
  },
  form_token_expired: {
    status: 410,
    message: {
      'zh-CN': '这份评价表打开太久已过期，您的选择已保留，请确认后重新提交。',
      en: 'This form was open too long and has expired. Your answers are kept; please check them and send again.',
    },
  },
  service_point_paused: {
    status: 423,
    message: {
      'zh-CN': '该窗口的扫码评价暂时暂停，给您带来不便，敬请谅解。您可以向窗口工作人员反映意见。',
      en: 'Rating by QR code is paused at this window for now. We are sorry for the inconvenience; you can give your feedback to the staff at the window.',
    },
  },
  device_rating_time_invalid: {
    status: 400,
    message: {
      'zh-CN': '评价时间不在允许的范围内（不能晚于现在，也不能早于 7 天前）。',
      en: 'The rating time is out of range (not in the future and not more than 7 days ago).',
    },
  },
  case_step_not_allowed: {
    status: 409,
    message: {
      'zh-CN': '该案件当前状态下不能进行此操作。',
      en: 'This step is not possible in the case’s current state.',
    },
  },
  terms_not_accepted: {
    status: 403,
    message: {
      'zh-CN': '下载数据前，请先由本机构确认数据使用条款。',
      en: 'Your agency must accept the data-use terms before downloading data.',
    },
  },
  api_key_invalid: {
    status: 401,
    message: {
      'zh-CN': 'API 密钥无效、已过期或已撤销。',
      en: 'The API key is invalid, expired or revoked.',
    },
  },
  not_ready: {
    status: 503,
    message: { 'zh-CN': '服务尚未就绪。', en: 'The service is not ready.' },
  },
  internal: {
    status: 500,
    message: {
      'zh-CN': '服务器出现问题，请稍后再试。',
      en: 'Something went wrong on our side; please try again later.',
    },
  },
} as const satisfies Record<string, { status: number; message: Localised }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
