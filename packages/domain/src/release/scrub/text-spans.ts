// Shared pieces of the comment scrubber: the normalised copy it searches, the spans it finds, and
// the character classes its rules are written with.

export const MASK_KINDS = [
  'email',
  'id_number',
  'passport',
  'bank_card',
  'mobile',
  'landline',
  'plate',
  'im_account',
  'staff_number',
  'name',
  'address',
] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

export const MASK_LABEL: Record<MaskKind, string> = {
  email: '[邮箱]',
  id_number: '[身份证号]',
  passport: '[证件号]',
  bank_card: '[卡号]',
  mobile: '[手机号]',
  landline: '[电话]',
  plate: '[车牌]',
  im_account: '[账号]',
  staff_number: '[工号]',
  name: '[姓名]',
  address: '[地址]',
};

/** A run of the comment (UTF-16 offsets) to mask as `kind`, or to keep untouched (`keep`). */
export interface Span {
  start: number;
  end: number;
  kind: MaskKind | 'keep';
}

/**
 * Full-width ASCII (！ to ～), the ideographic space and dash variants folded to ASCII, one UTF-16
 * unit for one, so offsets found in the copy are offsets in the original.
 */
export function normalise(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0xa0) out += ' ';
    else if (code === 0x2014 || code === 0x2013 || code === 0x2212) out += '-';
    else out += text[i];
  }
  return out;
}

/** Rules see earlier finds as this character, so no later pattern runs across one. */
export const BLOCK = '\u25a1';

export function blockOut(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    out += text.slice(pos, s.start) + BLOCK.repeat(s.end - s.start);
    pos = s.end;
  }
  return out + text.slice(pos);
}

export const overlapsAny = (spans: readonly Span[], start: number, end: number) =>
  spans.some((s) => start < s.end && end > s.start);

/** Chinese characters that do not occur inside a place name: an address starts after one. */
export const PLACE_STOP =
  '我你他她它们在住是的了到去从跟给向对把被就也还很要想说叫让等找办请这那哪个着过吗呢吧啊呀与或但而却又再才刚已没寄送址有为及帮';
