// The comment scrubber as it was before issue 20 (rules and a small surname list), frozen here as
// the baseline `pnpm bench:scrub` measures in the same run. Not used by the application.
// Masks personal data in free-text comments before they leave Kaimen in a dataset release.
// Detection runs on a normalised copy (full-width digits, letters and signs folded to ASCII,
// one character for one, so positions match) and masks the same spans of the original text.
// Dictionary-based for names and addresses: it catches the usual ways people write them in a
// complaint (a surname with a title, 我叫…, 联系人…, a street with a house number), not every name.

export const MASK_KINDS = [
  'email',
  'id_number',
  'bank_card',
  'mobile',
  'landline',
  'im_account',
  'staff_number',
  'name',
  'address',
] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

export const MASK_LABEL: Record<MaskKind, string> = {
  email: '[邮箱]',
  id_number: '[身份证号]',
  bank_card: '[卡号]',
  mobile: '[手机号]',
  landline: '[电话]',
  im_account: '[账号]',
  staff_number: '[工号]',
  name: '[姓名]',
  address: '[地址]',
};

/** Full-width ASCII (！ to ～) and the ideographic space, to their ASCII twins. */
function normalise(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (ch === '—' || ch === '－' || ch === '–') out += '-';
    else out += ch;
  }
  return out;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check digit of an 18-character resident identity number. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const TITLES =
  '先生|女士|小姐|师傅|阿姨|大爷|大妈|大姐|大哥|科长|主任|处长|局长|所长|队长|站长|经理|同志|老师|医生|护士|警官|专员|干部|组长|股长|书记';
const HAN = '[\\u4e00-\\u9fa5]';
const NOT_DIGIT_BEFORE = '(?<![0-9A-Za-z])';
const NOT_DIGIT_AFTER = '(?![0-9A-Za-z])';

interface Rule {
  kind: MaskKind;
  pattern: RegExp;
  /** Accept or refine a match: the span to mask, or null to leave it. */
  accept?: (match: RegExpExecArray) => { start: number; end: number; kind?: MaskKind } | null;
}

const RULES: Rule[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  {
    kind: 'id_number',
    pattern: new RegExp(`${NOT_DIGIT_BEFORE}\\d{6}[ -]?\\d{8}[ -]?\\d{3}[\\dXx]${NOT_DIGIT_AFTER}`, 'g'),
    // A run that fails the check digit is still a long number: masked as a card-like run.
    accept: (m) => ({
      start: m.index,
      end: m.index + m[0].length,
      kind: isValidIdNumber(m[0].replace(/[ -]/g, '')) ? 'id_number' : 'bank_card',
    }),
  },
  {
    kind: 'bank_card',
    pattern: new RegExp(`${NOT_DIGIT_BEFORE}(?:\\d[ -]?){15,18}\\d${NOT_DIGIT_AFTER}`, 'g'),
  },
  {
    kind: 'mobile',
    pattern: new RegExp(
      `${NOT_DIGIT_BEFORE}(?:(?:\\+|00)?86[ -]?|\\((?:\\+|00)?86\\)[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${NOT_DIGIT_AFTER}`,
      'g',
    ),
  },
  {
    kind: 'landline',
    pattern: new RegExp(
      `${NOT_DIGIT_BEFORE}(?:\\(0\\d{2,3}\\)|0\\d{2,3})[ -]?[2-9]\\d{2,3}[ -]?\\d{4}(?:[ -]?(?:转|ext\\.?|-)[ -]?\\d{1,5})?${NOT_DIGIT_AFTER}`,
      'g',
    ),
  },
  // Eight-digit local numbers after a word that says they are one.
  {
    kind: 'landline',
    pattern: /(?:电话|座机|固话|联系方式|致电|打)[:： ]*([2-9]\d{3}[ -]?\d{4})(?!\d)/g,
    accept: (m) => ({ start: m.index + m[0].length - (m[1] as string).length, end: m.index + m[0].length }),
  },
  {
    kind: 'im_account',
    pattern: /(?:微信号?|vx|VX|wx|WX|QQ号?|qq号?|抖音号?)[:： ]*([A-Za-z0-9_-]{5,20})/g,
    accept: (m) => ({ start: m.index + m[0].length - (m[1] as string).length, end: m.index + m[0].length }),
  },
  {
    kind: 'staff_number',
    pattern: /(?:工号|编号|警号)[:： ]*([A-Za-z]?\d{3,8})/g,
    accept: (m) => ({ start: m.index + m[0].length - (m[1] as string).length, end: m.index + m[0].length }),
  },
  {
    kind: 'address',
    // The words that lead into an address (住, 家住, 地址：) stay; the place itself is masked.
    pattern: new RegExp(
      `(住在|家住|住址[:： ]*|地址[:： ]*|住|在|到)?((?:${HAN}{1,8}?(?:省|市|区|县|镇|乡|街道))?${HAN}{1,8}?(?:路|街|大道|巷|弄|胡同|村|小区|花园|公寓|大厦)(?:${HAN}{0,4}?)\\d+(?:号|弄|栋|幢|座)(?:\\d+(?:号楼|栋|幢|单元|层|楼|室|号)|-\\d+)*\\d*)`,
      'g',
    ),
    accept: (m) => ({ start: m.index + (m[1]?.length ?? 0), end: m.index + m[0].length }),
  },
  {
    kind: 'name',
    pattern: new RegExp(
      `(?:我叫|名叫|叫做|姓名[:： ]*|联系人[:： ]*|本人|家属|老伴|儿子|女儿)([${SURNAMES}]${HAN}{1,2})`,
      'g',
    ),
    accept: (m) => ({ start: m.index + m[0].length - (m[1] as string).length, end: m.index + m[0].length }),
  },
  {
    kind: 'name',
    // A surname and one or two given-name characters before a title: 张建国主任, 李师傅 (surname only).
    pattern: new RegExp(`([${SURNAMES}]${HAN}{0,2}?)(?:${TITLES})`, 'g'),
    accept: (m) => ({ start: m.index, end: m.index + (m[1] as string).length }),
  },
];

export interface ScrubResult {
  text: string;
  masked: Partial<Record<MaskKind, number>>;
}

export function scrubComment(text: string): ScrubResult {
  const norm = normalise(text);
  const chars = [...text];
  const normChars = [...norm];
  if (chars.length !== normChars.length) throw new Error('normalisation must keep one character for one');
  // Work on code-unit offsets of the normalised string mapped to character indexes.
  const offsets: number[] = [];
  let at = 0;
  for (let i = 0; i < normChars.length; i++) {
    offsets[at] = i;
    at += (normChars[i] as string).length;
  }
  offsets[at] = normChars.length;
  const taken: { start: number; end: number; kind: MaskKind }[] = [];
  const overlaps = (s: number, e: number) => taken.some((t) => s < t.end && e > t.start);
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(norm); m !== null; m = rule.pattern.exec(norm)) {
      const span = rule.accept ? rule.accept(m) : { start: m.index, end: m.index + m[0].length };
      if (!span || span.end <= span.start) continue;
      const start = offsets[span.start] as number;
      const end = offsets[span.end] as number;
      if (overlaps(start, end)) continue;
      taken.push({ start, end, kind: span.kind ?? rule.kind });
    }
  }
  taken.sort((a, b) => a.start - b.start);
  const masked: ScrubResult['masked'] = {};
  let out = '';
  let pos = 0;
  for (const t of taken) {
    out += chars.slice(pos, t.start).join('') + MASK_LABEL[t.kind];
    masked[t.kind] = (masked[t.kind] ?? 0) + 1;
    pos = t.end;
  }
  out += chars.slice(pos).join('');
  return { text: out, masked };
}

/**
 * A released comment that starts like a spreadsheet formula (= + - @, tab, CR) gets a leading
 * apostrophe, so opening the CSV in Excel or WPS shows the text instead of running it (OWASP's
 * advice on CSV injection). Applied to the stored comment, so every format carries the same text.
 */
export const defuseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
