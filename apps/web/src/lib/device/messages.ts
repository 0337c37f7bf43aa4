// Words of the window rating device (评价器), zh-CN first.
import type { Lang } from '@kaimen/contracts';

const zh = {
  title: '服务评价器',
  pairTitle: '配对评价器',
  pairIntro: '请输入管理员在“单位与窗口”中为本设备生成的设备密钥（只显示一次）。密钥只保存在本设备上。',
  keyLabel: '设备密钥',
  pair: '配对',
  pairing: '正在配对…',
  pairFailed: '配对失败：密钥无效或设备已停用。',
  pairOffline: '配对需要联网，请连接网络后再试。',
  waitingTitle: '欢迎评价',
  waitingText: '办理完业务后，请为本次服务评价。',
  newVisit: '开始评价（新的办件）',
  visitArrived: '您的业务已办结，请评价本次服务',
  overall: '您对本次服务满意吗？',
  levels: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as Record<number, string>,
  aspects: '分项评价（可选）',
  submit: '提交评价',
  cancel: '取消',
  thanks: '感谢您的评价！',
  saved: '评价已保存在本设备上。',
  waiting: (n: number) => `${n} 条评价等待发送`,
  allSent: '全部评价已发送',
  offline: '网络已断开，评价先保存在本设备上，联网后自动发送。',
  refused: (n: number) => `${n} 条评价被服务器拒绝`,
  revoked: '此设备已被停用，评价未被接受。请联系管理员重新配对。',
  unpair: '解除配对',
  language: 'English',
};
type DeviceMessages = typeof zh;

const en: DeviceMessages = {
  title: 'Rating device',
  pairTitle: 'Pair this device',
  pairIntro:
    'Enter the device key an administrator created for this device under Units and windows (shown once). The key is kept on this device only.',
  keyLabel: 'Device key',
  pair: 'Pair',
  pairing: 'Pairing…',
  pairFailed: 'Pairing failed: the key is wrong or the device was revoked.',
  pairOffline: 'Pairing needs the network; please connect and try again.',
  waitingTitle: 'Please rate us',
  waitingText: 'When your service is done, please rate it here.',
  newVisit: 'Start rating (new visit)',
  visitArrived: 'Your service is done: please rate it',
  overall: 'How satisfied are you with this service?',
  levels: {
    5: 'Very satisfied',
    4: 'Satisfied',
    3: 'Fairly satisfied',
    2: 'Dissatisfied',
    1: 'Very dissatisfied',
  },
  aspects: 'In detail (optional)',
  submit: 'Send rating',
  cancel: 'Cancel',
  thanks: 'Thank you for your rating!',
  saved: 'Your rating is saved on this device.',
  waiting: (n) => `${n} ${n === 1 ? 'rating' : 'ratings'} waiting to be sent`,
  allSent: 'All ratings sent',
  offline: 'The network is down: ratings are kept on this device and sent when it is back.',
  refused: (n) => `${n} ${n === 1 ? 'rating' : 'ratings'} refused by the server`,
  revoked:
    'This device has been revoked; its ratings were not accepted. Please ask an administrator to pair it again.',
  unpair: 'Unpair',
  language: '中文',
};

export const deviceMessages = (lang: Lang): DeviceMessages => (lang === 'en' ? en : zh);
