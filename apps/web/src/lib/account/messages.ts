// Words of the account page (two-step verification), zh-CN first.
import type { Lang } from '@kaimen/contracts';

const zh = {
  title: '账号安全',
  totpTitle: '两步验证',
  totpOn: '已开启：登录时除密码外还需输入身份验证器中的 6 位验证码。',
  totpOff: '未开启。考评办和评估机构的账号建议开启。',
  start: '开启两步验证',
  scan: '用身份验证器（如 Microsoft Authenticator、Google Authenticator 或其他支持 TOTP 的应用）扫描二维码，或手动输入下面的密钥，然后输入应用显示的 6 位验证码完成开启。',
  secret: '密钥',
  code: '验证码',
  confirm: '确认开启',
  enabled: '两步验证已开启。',
  disable: '关闭两步验证',
  disableHint: '关闭前请输入身份验证器中当前的验证码。',
  disabled: '两步验证已关闭。',
};
export type AccountMessages = typeof zh;

const en: AccountMessages = {
  title: 'Account security',
  totpTitle: 'Two-step verification',
  totpOn: 'On: signing in needs the 6-digit code from your authenticator app besides the password.',
  totpOff: 'Off. Recommended for organiser and assessment agency accounts.',
  start: 'Turn on two-step verification',
  scan: 'Scan the QR code with an authenticator app (Microsoft Authenticator, Google Authenticator or any TOTP app), or type the key below, then enter the 6-digit code it shows.',
  secret: 'Key',
  code: 'Code',
  confirm: 'Turn on',
  enabled: 'Two-step verification is on.',
  disable: 'Turn off two-step verification',
  disableHint: 'Enter the current code from your authenticator app to turn it off.',
  disabled: 'Two-step verification is off.',
};

export const accountMessages = (lang: Lang): AccountMessages => (lang === 'en' ? en : zh);
