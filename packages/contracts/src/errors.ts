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
    message: { 'zh-CN': '账号或密码不正确。', en: 'The login or password is not correct.' },
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
  payload_too_large: {
    status: 413,
    message: { 'zh-CN': '提交的内容过大。', en: 'The request is too large.' },
  },
  too_many_requests: {
    status: 429,
    message: { 'zh-CN': '操作过于频繁，请稍后再试。', en: 'Too many requests; please try again later.' },
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
