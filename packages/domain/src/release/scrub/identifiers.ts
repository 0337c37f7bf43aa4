// Structured identifiers in a normalised comment: e-mail, staff numbers, IM handles, numbers that
// are identity numbers, bank cards, mobiles or landlines (told apart by length, prefix and check
// digits, written with spaces or dashes inside or not), passports and permits, licence plates.
// Business reference numbers after their cue word (受理编号, 流水号 …) are reserved so that no rule
// masks them.
import { hasCardPrefix, hasIdShape, isLegacyIdNumber, isValidIdNumber, passesLuhn } from './check-digits.ts';
import type { MaskKind, Span } from './text-spans.ts';

type Emit = (start: number, end: number, kind: Span['kind']) => void;

const EMAIL = /[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

const STAFF =
  /(?:工号|警号|胸牌号?|工牌号?|员工编号|员工号|工作证号?|执法证号?|工作人员编号|人员编号|服务编号|职工号|检查证号)(?:码)?[:\s是为]{0,3}([A-Za-z]{0,3}-?\d{2,10}(?![\dA-Za-z]))/g;

const REFERENCE =
  /(?:受理编号|受理号|受理单号|办件编号|办件号|业务流水号|流水号|业务编号|业务号|工单号|工单编号|回执编号|回执号|预约号|预约编号|申请编号|申请号|投诉编号|投诉单号|订单号|案件编号|案件号|单号|意见箱编号|意见编号|编号|排队号|取号|叫号|号码牌|文号|批次号|发票号|票号|凭证号|登记号|证书编号|许可证号|快递单号|运单号|档案号|NO\.?|No\.?)[:\s是为]{0,3}([A-Za-z]{0,4}[-.]?\d[\dA-Za-z-]{1,30})/g;

const IM_CUE =
  /(?:微信号?|薇信|威信|[Vv]信|[Vv][Xx]|[Ww][Xx]|weixin|wechat|WeChat|[Qq]{2}号?|扣扣|[Qq]号|企鹅号?|抖音号?|快手号?|小红书号?|微博号?|钉钉号?)(?:[\u4e00-\u9fa5:\s]{0,6}?)(@?[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9])){3,30}|@[\u4e00-\u9fa5A-Za-z0-9_-]{2,20})/g;
const MENTION = /(?<![A-Za-z0-9_%+-])@[\u4e00-\u9fa5A-Za-z0-9_-]{2,20}/g;

const PASSPORT_CUE =
  /(?:护照|通行证|回乡证|台胞证|旅行证|居住证|签证|passport|证件号?)(?:号码?|号)?[:\s是为]{0,3}([A-Za-z]{0,2}\d{6,10}(?![\dA-Za-z]|[ -]\d))/gi;
// E/G passports, C/W Hong Kong–Macau passes, L Taiwan passes, H/M home-return permits (8 digits or
// a letter and 7), without a cue word.
const PASSPORT = /(?<![A-Za-z0-9])(?:[EGCWLDSPK][A-Z]?\d{7,8}|[HM]\d{8}(?:\d{2})?)(?![A-Za-z0-9])/gi;
const PASSPORT_LENGTH = (s: string) =>
  s.length === 9 || ((s[0] === 'H' || s[0] === 'M' || s[0] === 'h' || s[0] === 'm') && s.length === 11);

const PLATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Za-z][\s·•.-]{0,2}(?:[A-Za-z0-9]{5,6}|[A-Za-z0-9]{4}[挂学警港澳领试超])(?![A-Za-z0-9])/g;

const NUMBER_RUN = /(?<![A-Za-z0-9_@])\d+(?:(?:[ \t]{1,3}|[ \t]{0,2}-[ \t]{0,2})\d+)*[Xx]?(?![A-Za-z0-9_@])/g;
const GROUP = /\d+[Xx]?/g;
const LANDLINE_PAREN =
  /(?:(?:\+|00)?86[ -]?)?\(0?\d{2,3}\)[ -]?[2-9]\d{2,3}[ -]?\d{3,4}(?:[ ]?(?:转|ext\.?|分机)[ ]?\d{1,5})?(?!\d)/gi;

const ID_CUE = /(?:身份证|证件|身份号|ID|公民号)[^，。！？,.!?]{0,6}$/i;
const CARD_CUE = /(?:卡|账号|账户|帐号|帐户|银行)[^，。！？,.!?]{0,6}$/;
const PHONE_CUE = /(?:电话|座机|固话|致电|打|拨|联系方式|联系|号码|tel|手机|热线)[^，。！？,.!?]{0,4}$/i;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;
const LANDLINE_86 = /^86(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;

function classify(digits: string, before: string, whole: boolean): MaskKind | null {
  const n = digits.length;
  // 400 / 800 numbers are businesses' service lines.
  if (/^[48]00/.test(digits)) return null;
  if (/[Xx]$/.test(digits)) {
    if (n === 18 && (isValidIdNumber(digits) || (hasIdShape(digits) && ID_CUE.test(before))))
      return 'id_number';
    return null;
  }
  if (n === 18 && isValidIdNumber(digits) && hasIdShape(digits)) return 'id_number';
  if (n === 15 && isLegacyIdNumber(digits)) return 'id_number';
  if ((n === 18 || n === 15) && ID_CUE.test(before)) return 'id_number';
  if (n >= 15 && n <= 19 && passesLuhn(digits) && hasCardPrefix(digits)) return 'bank_card';
  if (n >= 12 && n <= 19 && CARD_CUE.test(before)) return 'bank_card';
  if (MOBILE.test(digits)) return 'mobile';
  if (n === 13 && digits.startsWith('86') && MOBILE.test(digits.slice(2))) return 'mobile';
  if (n === 15 && digits.startsWith('0086') && MOBILE.test(digits.slice(4))) return 'mobile';
  if (LANDLINE.test(digits)) return 'landline';
  if (LANDLINE_86.test(digits)) return 'landline';
  if (whole && (n === 7 || n === 8) && /^[2-8]/.test(digits) && PHONE_CUE.test(before)) return 'landline';
  return null;
}

/** Number runs: groups of digits joined by spaces or dashes, tried whole first, then in parts. */
function findNumbers(norm: string, emit: Emit) {
  NUMBER_RUN.lastIndex = 0;
  for (let m = NUMBER_RUN.exec(norm); m !== null; m = NUMBER_RUN.exec(norm)) {
    const groups: { start: number; end: number; text: string }[] = [];
    GROUP.lastIndex = 0;
    for (let g = GROUP.exec(m[0]); g !== null; g = GROUP.exec(m[0]))
      groups.push({ start: m.index + g.index, end: m.index + g.index + g[0].length, text: g[0] });
    let i = 0;
    while (i < groups.length) {
      let found = false;
      for (let j = groups.length - 1; j >= i; j--) {
        let digits = '';
        for (let k = i; k <= j; k++) digits += (groups[k] as { text: string }).text;
        if (/[Xx]/.test(digits.slice(0, -1))) continue;
        const start = (groups[i] as { start: number }).start;
        const kind = classify(
          digits,
          norm.slice(Math.max(0, start - 14), start),
          i === 0 && j === groups.length - 1,
        );
        if (!kind) continue;
        let from = start;
        let to = (groups[j] as { end: number }).end;
        if (kind === 'mobile' || kind === 'landline') {
          // The country code in front, and an extension after.
          const lead = /(?:\(?(?:\+|00)86\)?[ -]*|\(86\)[ -]*|\+)$/.exec(
            norm.slice(Math.max(0, from - 8), from),
          );
          if (lead) from -= lead[0].length;
          const ext = /^[ ]?(?:转|ext\.?|分机)[ ]?\d{1,5}/i.exec(norm.slice(to, to + 10));
          if (ext) to += ext[0].length;
        }
        emit(from, to, kind);
        i = j + 1;
        found = true;
        break;
      }
      if (!found) i++;
    }
  }
}

function each(re: RegExp, norm: string, fn: (m: RegExpExecArray) => void) {
  re.lastIndex = 0;
  for (let m = re.exec(norm); m !== null; m = re.exec(norm)) fn(m);
}
/** The span of the last capture group of a match. */
const tail = (m: RegExpExecArray): [number, number] => {
  const g = m[m.length - 1] as string;
  const end = m.index + m[0].length;
  return [end - g.length, end];
};

/** Emits identifier spans in priority order (an earlier span wins where two overlap). */
export function findIdentifiers(norm: string, emit: Emit) {
  each(EMAIL, norm, (m) => emit(m.index, m.index + m[0].length, 'email'));
  each(STAFF, norm, (m) => emit(...tail(m), 'staff_number'));
  each(REFERENCE, norm, (m) => emit(...tail(m), 'keep'));
  each(IM_CUE, norm, (m) => emit(...tail(m), 'im_account'));
  each(MENTION, norm, (m) => emit(m.index, m.index + m[0].length, 'im_account'));
  each(LANDLINE_PAREN, norm, (m) => emit(m.index, m.index + m[0].length, 'landline'));
  findNumbers(norm, emit);
  each(PASSPORT_CUE, norm, (m) => emit(...tail(m), 'passport'));
  each(PASSPORT, norm, (m) => {
    if (PASSPORT_LENGTH(m[0])) emit(m.index, m.index + m[0].length, 'passport');
  });
  each(PLATE, norm, (m) => {
    if ((m[0].match(/\d/g)?.length ?? 0) >= 3) emit(m.index, m.index + m[0].length, 'plate');
  });
}
