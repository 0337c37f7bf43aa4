// Addresses in a normalised comment, urban and rural: a numbered street (人民路88号), a housing
// estate followed by its building numbering (阳光花园3栋2单元501), a village with its group or house
// number (李家村3组12号), or whatever follows a word that says an address comes (家住, 地址：).
// Each find is widened backwards over the divisions written before it (省, 市, 区, 县, 镇, 乡) and
// forwards over every building, unit and room tail, so no tail is left behind a mask.
import { PLACE_STOP } from './text-spans.ts';

type Emit = (start: number, end: number) => void;

/** One Chinese character that may stand in a place name: a single class (a lookahead per character was slow). */
function hanExcept(stop: string): string {
  const ranges: string[] = [];
  let from = -1;
  const hex = (c: number) => `\\u${c.toString(16)}`;
  for (let c = 0x4e00; c <= 0x9fa6; c++) {
    const keep = c <= 0x9fa5 && !stop.includes(String.fromCharCode(c));
    if (keep && from < 0) from = c;
    if (!keep && from >= 0) {
      ranges.push(from === c - 1 ? hex(from) : `${hex(from)}-${hex(c - 1)}`);
      from = -1;
    }
  }
  return `[${ranges.join('')}]`;
}
const P = hanExcept(PLACE_STOP);
const NUM = '(?:\\d+|[零一二三四五六七八九十百两]+|[A-Za-z](?=[座栋幢区号]))';
const UNIT = '(?:号院|号楼|号|栋|幢|座|单元|层|楼|室|户|房|组|队|弄|排|期|区|门|村民小组|小组)';
const TAIL = `(?:第?${NUM}${UNIT}|-\\d+|\\d+(?=-\\d)|(?<=${UNIT})\\d+(?![\\d号]))`;
const DIVISION = `(?:${P}{1,7}?(?:省|自治区|市|自治州|州|地区|盟|区|县|旗|镇|乡|街道|苏木))`;

const STREET = new RegExp(`${P}{1,24}?(?:路|街|大道|大街|巷|弄|胡同|里|道)(?=${TAIL})`, 'g');
const ESTATE = new RegExp(
  `${P}{2,24}(?=${NUM}(?:栋|幢|号楼|座|单元)|\\d{1,3}-\\d{1,2}-\\d{3,4}(?![\\d-])|\\d{1,3}-\\d{3,4}(?:室|号))`,
  'g',
);
const VILLAGE = new RegExp(
  `${P}{1,24}?(?:村|屯|庄|寨|垸|湾|嘎查)+(?:委会)?(?=${TAIL}|[^，。！？,.!?；;\\s]{0,4}?(?:组|队))`,
  'g',
);
const TOWN_VILLAGE = new RegExp(`${DIVISION}${P}{1,8}?(?:村|屯|庄|寨|社区|嘎查)`, 'g');
const CUE =
  /(?:家住|住在|住址|地址|现住|居住在|居住于|户籍地|户籍|户口在|户口|老家在|老家是|寄到|送到|邮寄到|收货地址|收件地址|我家在|家在|我住)[:\s是在]{0,2}/g;
const CUE_BODY = new RegExp(`(?:${P}|\\d|[A-Za-z-])+`, 'y');
const DIVISIONS_BEFORE = new RegExp(`${DIVISION}+$`);
const TAILS_AFTER = new RegExp(
  `(?:${TAIL}|${P}{1,10}?(?:路|街|大道|巷|弄|小区|花园|家园|公寓|大厦|苑|园|村|组|队)(?=${TAIL})|${P}{2,10}(?=${NUM}(?:栋|幢|号楼|座|单元)))+`,
  'y',
);
/** What follows a number that makes it a counter or a floor of an office, not a home. */
const NOT_HOME_AFTER = /^(?:窗口|窗|柜台|号窗|车道|诊室|站台|候车|大厅|办事|服务)/;

function widen(norm: string, start: number, end: number): [number, number] {
  const before = DIVISIONS_BEFORE.exec(norm.slice(Math.max(0, start - 30), start));
  if (before) start -= before[0].length;
  TAILS_AFTER.lastIndex = end;
  const after = TAILS_AFTER.exec(norm);
  if (after) end += after[0].length;
  return [start, end];
}

export function findAddresses(norm: string, emit: Emit) {
  const found = (start: number, end: number) => {
    const [s, e] = widen(norm, start, end);
    if (NOT_HOME_AFTER.test(norm.slice(e, e + 3)) && !/[栋幢单元室]/.test(norm.slice(s, e))) return;
    emit(s, e);
  };
  for (const re of [STREET, ESTATE, VILLAGE, TOWN_VILLAGE]) {
    re.lastIndex = 0;
    for (let m = re.exec(norm); m !== null; m = re.exec(norm)) found(m.index, m.index + m[0].length);
  }
  CUE.lastIndex = 0;
  for (let m = CUE.exec(norm); m !== null; m = CUE.exec(norm)) {
    const from = m.index + m[0].length;
    CUE_BODY.lastIndex = from;
    const body = CUE_BODY.exec(norm);
    // A place after the cue: a few characters with a division, street, estate or number in them.
    if (body && body[0].length >= 3 && /[省市区县镇乡村路街巷弄号栋幢组苑园城湾屯庄\d]/.test(body[0]))
      found(from, from + body[0].length);
  }
}
