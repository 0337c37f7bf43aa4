// A seeded generator of synthetic citizen comments for measuring the comment scrubber: short,
// colloquial sentences of the kind left at service windows, each with personal data planted in the
// forms people really type (labelled by type and span) and number-like bait that must survive.
// `pnpm bench:scrub` and the scrubber's tests run it; the seed is fixed so figures are comparable.
import { createRandom, type Random } from '../../random.ts';
import {
  CITIES,
  CLOSERS,
  COMMUNITIES,
  COUNTIES,
  DISTRICTS,
  ENGLISH_NAMES,
  FILLERS,
  GIVEN_CHARS,
  KIN_SUFFIXES,
  OPENERS,
  PINYIN_GIVEN,
  PINYIN_SURNAMES,
  PROVINCES,
  STREET_SUFFIXES,
  STREETS,
  SURNAMES_COMMON,
  SURNAMES_COMPOUND,
  TITLES,
  TOWNS,
  TYPOS,
  VILLAGES,
} from './scrub-corpus-pools.ts';

export const PLANTED_TYPES = [
  'name',
  'mobile',
  'landline',
  'id_number',
  'passport',
  'bank_card',
  'plate',
  'im_account',
  'email',
  'address',
  'staff_number',
] as const;
export type PlantedType = (typeof PLANTED_TYPES)[number];

export const BAIT_KINDS = [
  'reference_number',
  'queue_number',
  'date',
  'time',
  'amount',
  'window_number',
  'law_article',
  'service_number',
  'count',
  'word',
] as const;
export type BaitKind = (typeof BAIT_KINDS)[number];

export interface Span<K> {
  kind: K;
  start: number;
  end: number;
  text: string;
}
export interface CorpusComment {
  text: string;
  planted: Span<PlantedType>[];
  bait: Span<BaitKind>[];
}

export const SCRUB_CORPUS_SEED = 20_261_209;

/** Appends text and remembers where planted items and bait landed. */
class Writer {
  text = '';
  planted: Span<PlantedType>[] = [];
  bait: Span<BaitKind>[] = [];
  lit(s: string) {
    this.text += s;
  }
  plant(kind: PlantedType, s: string) {
    this.planted.push({ kind, start: this.text.length, end: this.text.length + s.length, text: s });
    this.text += s;
  }
  keep(kind: BaitKind, s: string) {
    this.bait.push({ kind, start: this.text.length, end: this.text.length + s.length, text: s });
    this.text += s;
  }
}

const FULL_WIDTH_OFFSET = 0xfee0;
/** Full-width twins of ASCII digits, letters and signs, as Chinese input methods type them. */
export const toFullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCodePoint((c.codePointAt(0) as number) + FULL_WIDTH_OFFSET));

const digits = (rng: Random, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};
const chance = (rng: Random, p: number) => rng.next() < p;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const CN_DIGITS = '零一二三四五六七八九';
const cnNumber = (n: number) => {
  if (n <= 10) return n === 10 ? '十' : (CN_DIGITS[n] as string);
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
};

/** Sometimes full-width, sometimes with its digits grouped by spaces or dashes. */
function vary(rng: Random, s: string, groups?: number[]): string {
  let out = s;
  if (groups && chance(rng, 0.35)) {
    const sep = rng.pick([' ', ' ', '-', '  ', ' - ']);
    const parts: string[] = [];
    let at = 0;
    for (const g of groups) {
      if (at >= s.length) break;
      parts.push(s.slice(at, at + g));
      at += g;
    }
    if (at < s.length) parts.push(s.slice(at));
    out = parts.join(sep);
  }
  if (chance(rng, 0.15)) out = toFullWidth(out);
  else if (chance(rng, 0.05)) {
    // Half typed full-width: the input method switched in the middle.
    const cut = rng.int(1, out.length - 1);
    out = out.slice(0, cut) + toFullWidth(out.slice(cut));
  }
  return out;
}

// ——— identifiers ———

const REGIONS = [
  '110101',
  '110105',
  '110108',
  '120101',
  '130102',
  '130602',
  '140105',
  '210102',
  '220102',
  '230102',
  '310101',
  '310104',
  '310115',
  '320102',
  '320506',
  '330102',
  '330106',
  '340102',
  '350102',
  '360102',
  '370102',
  '370202',
  '410102',
  '410105',
  '420102',
  '430102',
  '440103',
  '440305',
  '450102',
  '460105',
  '500101',
  '510104',
  '510107',
  '520102',
  '530102',
  '610102',
  '620102',
  '640104',
  '650102',
];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const birthDate = (rng: Random, from: number, to: number) => {
  const y = rng.int(from, to);
  const m = rng.int(1, 12);
  const d = rng.int(1, [31, y % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number);
  return `${y}${pad(m, 2)}${pad(d, 2)}`;
};
export function makeIdNumber(rng: Random): string {
  const body = `${rng.pick(REGIONS)}${birthDate(rng, 1935, 2012)}${digits(rng, 3)}`;
  const sum = [...body].reduce((a, d, i) => a + Number(d) * (ID_WEIGHTS[i] as number), 0);
  return body + ('10X98765432'[sum % 11] as string);
}
export function makeLegacyIdNumber(rng: Random): string {
  return `${rng.pick(REGIONS)}${birthDate(rng, 1930, 1999).slice(2)}${digits(rng, 3)}`;
}
function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
export function makeBankCard(rng: Random): string {
  const prefix = rng.pick([
    '622202',
    '621700',
    '622848',
    '623058',
    '621483',
    '622588',
    '620522',
    '622908',
    '4367',
    '4392',
    '5187',
    '5236',
    '3568',
  ]);
  const length = prefix.startsWith('62') ? rng.pick([16, 19, 19, 17, 18]) : 16;
  return luhnComplete(prefix + digits(rng, length - prefix.length - 1));
}
function mobileNumber(rng: Random) {
  return `1${rng.pick(['3', '3', '5', '5', '7', '8', '8', '9', '6', '4'])}${digits(rng, 9)}`;
}
const AREA_CODES = [
  '010',
  '020',
  '021',
  '022',
  '023',
  '024',
  '025',
  '027',
  '028',
  '029',
  '0311',
  '0312',
  '0371',
  '0512',
  '0571',
  '0551',
  '0731',
  '0755',
  '0769',
  '0898',
  '0591',
  '0871',
  '0851',
];
const PROVINCE_ABBR = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'];
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];

// ——— planters: each writes context around one planted item ———

type Planter = (w: Writer, rng: Random) => void;

function chineseName(rng: Random): { full: string; surname: string } {
  const surname = chance(rng, 0.12) ? rng.pick(SURNAMES_COMPOUND) : rng.pick(SURNAMES_COMMON);
  const givenLength = surname.length === 2 ? rng.int(1, 2) : chance(rng, 0.6) ? 2 : 1;
  let given = '';
  for (let i = 0; i < givenLength; i++) given += rng.pick(GIVEN_CHARS);
  return { full: surname + given, surname };
}

const plantName: Planter = (w, rng) => {
  const form = rng.int(0, 9);
  const { full, surname } = chineseName(rng);
  const before = rng.pick([
    '',
    '',
    '窗口的',
    '那个',
    '办事员',
    '接待我的',
    '负责的',
    '咨询台的',
    '今天值班的',
    '大厅里的',
  ]);
  if (form <= 2) {
    // A bare full name at any position.
    const ctx = rng.int(0, 11);
    const frames: [string, string][] = [
      ['', '态度很差'],
      ['', '一直在玩手机'],
      ['是', '接待的我'],
      ['感谢', '的耐心讲解'],
      ['我叫', ''],
      ['找', '办的'],
      ['', '说系统坏了让我明天再来'],
      ['给', '点个赞'],
      ['联系人：', ''],
      ['投诉', '，不作为'],
      ['表扬', '同志'],
      ['经办人', '让我补材料'],
    ];
    const [a, b] = frames[ctx] as [string, string];
    w.lit(ctx === 0 || ctx === 1 || ctx === 6 ? before : '');
    w.lit(a);
    w.plant('name', full);
    w.lit(b);
  } else if (form <= 4) {
    // Name with a title after it; the name is the personal part.
    w.lit(before);
    w.plant('name', chance(rng, 0.5) ? full : surname);
    w.lit(rng.pick(TITLES));
    w.lit(rng.pick(['态度不好', '很负责', '不在岗', '解释得很清楚', '', '让我等着', '推脱责任']));
  } else if (form <= 6) {
    // Nicknames and kinship forms: 小王, 老李, 王姐, 李师傅.
    const kin = rng.int(0, 2);
    w.lit(rng.pick(['', '窗口', '那个', '多亏了', '谢谢', '是']));
    if (kin === 0) w.plant('name', `小${surname.length === 1 ? surname : surname}`);
    else if (kin === 1) w.plant('name', `老${surname}`);
    else {
      w.plant('name', surname);
      w.lit(rng.pick(KIN_SUFFIXES));
    }
    w.lit(
      rng.pick(['帮我办好了', '人很好', '说不归他们管', '不耐烦', '很热心', '忙前忙后的', '把材料弄丢了']),
    );
  } else if (form === 7) {
    // Romanised and English names.
    const roman = chance(rng, 0.6)
      ? `${rng.pick(PINYIN_SURNAMES)} ${rng.pick(PINYIN_GIVEN)}`
      : chance(rng, 0.5)
        ? rng.pick(ENGLISH_NAMES)
        : `${rng.pick(ENGLISH_NAMES)} ${rng.pick(PINYIN_SURNAMES)}`;
    w.lit(rng.pick(['窗口的', '经理', '客服', '找', '是', '', '感谢']));
    w.plant('name', chance(rng, 0.1) ? roman.toUpperCase() : roman);
    w.lit(rng.pick(['很好', '说明天再来', '态度很差', '', '帮了大忙', '没理我']));
  } else if (form === 8) {
    // Two people named in one breath.
    const other = chineseName(rng);
    w.lit(rng.pick(['', '窗口']));
    w.plant('name', full);
    w.lit(rng.pick(['和', '跟', '、']));
    w.plant('name', other.full);
    w.lit(rng.pick(['都不在', '互相推诿', '很负责']));
  } else {
    // Sentence-initial name with a comma.
    w.plant('name', full);
    w.lit(rng.pick(['，', ' ', '：']));
    w.lit(rng.pick(['你们窗口的人态度太差了', '这是第三次来了', '请回电', '我要投诉']));
  }
};

const plantMobile: Planter = (w, rng) => {
  const n = mobileNumber(rng);
  let shown = vary(
    rng,
    n,
    rng.pick([
      [3, 4, 4],
      [3, 8],
      [4, 3, 4],
      [3, 4, 4],
    ]),
  );
  const prefix = rng.int(0, 9);
  if (prefix === 0) shown = `+86 ${shown}`;
  else if (prefix === 1) shown = `+86${shown}`;
  else if (prefix === 2) shown = `0086-${shown}`;
  else if (prefix === 3) shown = `(+86)${shown}`;
  else if (prefix === 4) shown = toFullWidth(`+86-${n}`);
  w.lit(
    rng.pick([
      '电话',
      '我电话',
      '手机',
      '手机号',
      '联系方式：',
      '回电',
      '打',
      '联系我',
      'tel:',
      '号码',
      '手机号码是',
      '有事打',
      '电话号码 ',
      '',
    ]),
  );
  w.plant('mobile', shown);
  w.lit(rng.pick(['', '', '（微信同号）', '找我', '，麻烦回个电话', '是我的号码', ' 谢谢']));
};

const plantLandline: Planter = (w, rng) => {
  const area = rng.pick(AREA_CODES);
  const local = `${rng.int(2, 8)}${digits(rng, area.length === 3 ? 7 : rng.int(6, 7))}`;
  const form = rng.int(0, 8);
  let shown: string;
  if (form === 0) shown = `${area}-${local}`;
  else if (form === 1) shown = `(${area})${local}`;
  else if (form === 2) shown = `${area} ${local.slice(0, 4)} ${local.slice(4)}`;
  else if (form === 3) shown = `+86-${area.slice(1)}-${local}`;
  else if (form === 4) shown = `${area}-${local}转${rng.int(100, 8999)}`;
  else if (form === 5) shown = `（${area}）${local}`;
  else if (form === 6) shown = `${area}${local}`;
  else if (form === 7) shown = `${area}－${local}`;
  else shown = local.length === 8 ? local : `${area}-${local}`;
  if (chance(rng, 0.15)) shown = toFullWidth(shown);
  w.lit(
    rng.pick(
      form === 8
        ? ['座机', '家里电话', '固话', '电话']
        : ['座机', '家里电话', '电话', '单位电话', '联系电话：', '打', ''],
    ),
  );
  w.plant('landline', shown);
  w.lit(rng.pick(['', '，白天有人', '找我', '（下班后打）']));
};

const plantId: Planter = (w, rng) => {
  const legacy = chance(rng, 0.3);
  const n = legacy ? makeLegacyIdNumber(rng) : makeIdNumber(rng);
  let shown = vary(
    rng,
    n,
    legacy
      ? [6, 6, 3]
      : rng.pick([
          [6, 8, 4],
          [6, 4, 4, 4],
          [3, 3, 4, 4, 4],
        ]),
  );
  if (!legacy && n.endsWith('X') && chance(rng, 0.4)) shown = shown.replace(/X$/, 'x');
  w.lit(
    rng.pick([
      '身份证号',
      '身份证',
      '身份证号码：',
      '证件号',
      '我身份证是',
      '老人的身份证',
      'ID:',
      '身份证号码是 ',
      '',
    ]),
  );
  w.plant('id_number', shown);
  w.lit(rng.pick(['', '，查一下进度', '，一直提示信息有误', '的那个', '，帮忙查下']));
};

const plantPassport: Planter = (w, rng) => {
  const kind = rng.int(0, 5);
  const letter = rng.pick(PLATE_LETTERS);
  const [cue, value] = (
    [
      [
        ['护照', '护照号', '护照号码：', 'passport '],
        rng.pick([`E${digits(rng, 8)}`, `E${letter}${digits(rng, 7)}`, `G${digits(rng, 8)}`]),
      ],
      [
        ['港澳通行证', '港澳通行证号', '通行证号码：'],
        rng.pick([`C${digits(rng, 8)}`, `C${letter}${digits(rng, 7)}`, `W${digits(rng, 8)}`]),
      ],
      [['台湾通行证', '赴台通行证号'], `L${digits(rng, 8)}`],
      [['回乡证', '港澳居民来往内地通行证'], `${rng.pick(['H', 'M'])}${digits(rng, 8)}`],
      [['台胞证', '台胞证号码'], digits(rng, 8)],
      [['证件号', '护照'], `E${digits(rng, 8)}`],
    ] as [string[], string][]
  )[kind] as [string[], string];
  w.lit(rng.pick(cue));
  w.plant('passport', chance(rng, 0.1) ? value.toLowerCase() : vary(rng, value));
  w.lit(rng.pick(['', '，签注办了一个月', '过期了要换', '，拍照不合格被退回']));
};

const plantCard: Planter = (w, rng) => {
  const n = makeBankCard(rng);
  w.lit(
    rng.pick([
      '银行卡号',
      '卡号',
      '退到我卡上',
      '我的工行卡',
      '社保卡绑定的银行卡',
      '储蓄卡',
      '账号',
      '打到这张卡',
      '',
    ]),
  );
  w.plant('bank_card', vary(rng, n, [4, 4, 4, 4, 4]));
  w.lit(rng.pick(['', '，钱一直没到', '，麻烦查一下', '里']));
};

const plantPlate: Planter = (w, rng) => {
  const province = rng.pick(PROVINCE_ABBR);
  const letter = rng.pick(PLATE_LETTERS);
  const form = rng.int(0, 5);
  // At most two letters among the five (GA 36-2018).
  const alnum = () => {
    const letters = new Set([rng.int(0, 9), rng.int(0, 9)].filter((i) => i > 0 && i < 5));
    return Array.from({ length: 5 }, (_, i) =>
      letters.has(i) ? rng.pick(PLATE_LETTERS) : String(rng.int(0, 9)),
    ).join('');
  };
  let tail: string;
  if (form <= 1) tail = alnum();
  else if (form === 2)
    tail = `${rng.pick(['D', 'F'])}${chance(rng, 0.7) ? digits(rng, 5) : rng.pick(PLATE_LETTERS) + digits(rng, 4)}`;
  else if (form === 3) tail = `${digits(rng, 5)}${rng.pick(['D', 'F'])}`;
  else if (form === 4) tail = `${digits(rng, 4)}${rng.pick(['学', '挂', '警'])}`;
  else tail = digits(rng, 5);
  const sep = rng.pick(['', '', '', ' ', '·', '•', '.', '-']);
  let shown = `${province}${letter}${sep}${tail}`;
  const look = rng.next();
  if (look < 0.12) shown = shown.toLowerCase();
  else if (look < 0.24) shown = province + toFullWidth(shown.slice(1));
  w.lit(rng.pick(['车牌号', '我的车', '车牌', '车', '停在门口的', '', '车号：', '那辆']));
  w.plant('plate', shown);
  w.lit(rng.pick(['被贴了罚单', '挡住了出口', '', '的违章一直处理不了', '年检预约不上']));
};

const HANDLE_WORDS = [
  'zhang',
  'xiaowang',
  'li_na',
  'happy',
  'sunny',
  'wang',
  'chen',
  'tiger',
  'mm',
  'abc',
  'love',
  'yang',
  'huahua',
  'dong',
];
const handle = (rng: Random) => {
  const base = rng.pick(HANDLE_WORDS) + rng.pick(['', '_', '-', '']) + digits(rng, rng.int(2, 6));
  return chance(rng, 0.15) ? `wxid_${rng.pick(HANDLE_WORDS)}${digits(rng, 6)}` : base;
};
const plantIm: Planter = (w, rng) => {
  const kind = rng.int(0, 4);
  const filler = rng.pick([
    '',
    '',
    '：',
    ':',
    ' ',
    '是',
    '号是',
    '的话是',
    '就是',
    '搜',
    '号：',
    '号码',
    ' 号 ',
    '是：',
  ]);
  if (kind <= 1) {
    w.lit(
      rng.pick([
        '微信',
        '微信号',
        'vx',
        'VX',
        'wx',
        'V信',
        '薇信',
        '威信',
        'weixin',
        'WeChat',
        '加我微信',
        '微信联系',
      ]) + filler,
    );
    w.plant('im_account', chance(rng, 0.15) ? mobileNumber(rng) : handle(rng));
  } else if (kind === 2) {
    w.lit(rng.pick(['QQ', 'qq', 'QQ号', '扣扣', 'Q号', '企鹅号', 'qq群']) + filler);
    w.plant('im_account', `${rng.int(1, 9)}${digits(rng, rng.int(4, 10))}`);
  } else if (kind === 3) {
    const cue = rng.pick(['微博', '微博：', '我在微博', '']);
    w.lit(cue);
    w.plant(
      'im_account',
      `@${rng.pick(['小王爱吃瓜', '杭州老李', 'sunny_day', '阳光下的猫', 'Tiger2026', '吃货小张'])}${chance(rng, 0.5) ? digits(rng, 2) : ''}`,
    );
    w.lit(rng.pick(['', ' 发过帖子', '曝光了']));
    return;
  } else {
    w.lit(rng.pick(['抖音', '抖音号', '我抖音']) + filler);
    w.plant(
      'im_account',
      chance(rng, 0.5) ? digits(rng, rng.int(8, 11)) : `${rng.pick(HANDLE_WORDS)}.${digits(rng, 3)}`,
    );
  }
  w.lit(rng.pick(['', '，方便联系', ' 有事找我', '，备注办事']));
};

const plantEmail: Planter = (w, rng) => {
  const user = rng.pick([
    `${rng.pick(PINYIN_SURNAMES).toLowerCase()}${digits(rng, rng.int(0, 4))}`,
    `${rng.pick(PINYIN_SURNAMES).toLowerCase()}.${rng.pick(PINYIN_GIVEN).toLowerCase()}`,
    `${rng.pick(HANDLE_WORDS)}_${digits(rng, 3)}`,
    `${rng.int(10_000, 999_999_999)}`,
  ]);
  const domain = rng.pick([
    '163.com',
    '126.com',
    'qq.com',
    'sina.com',
    'gmail.com',
    'outlook.com',
    'foxmail.com',
    'sohu.com',
    '139.com',
    'yeah.net',
    'hotmail.com',
    'company.com.cn',
    'zj.gov.cn',
  ]);
  let shown = `${user}@${domain}`;
  if (chance(rng, 0.1)) shown = shown.toUpperCase();
  if (chance(rng, 0.12)) shown = `${user}＠${domain}`;
  else if (chance(rng, 0.1)) shown = toFullWidth(shown);
  w.lit(rng.pick(['邮箱', '邮箱：', 'email:', '发到我邮箱', '电子邮件', '结果发', '']));
  w.plant('email', shown);
  w.lit(rng.pick(['', '，收不到', '就行', '，谢谢']));
};

function urbanAddress(rng: Random): string {
  const prefix = rng.int(0, 3);
  let s = '';
  if (prefix >= 2) s += rng.pick([...CITIES, ...PROVINCES.map((p) => p + rng.pick(CITIES))]);
  if (prefix >= 1) s += rng.pick(DISTRICTS);
  const shape = rng.int(0, 5);
  const street = rng.pick(STREETS) + rng.pick(STREET_SUFFIXES);
  const n = rng.int(1, 999);
  const building = chance(rng, 0.2) ? cnNumber(rng.int(1, 20)) : String(rng.int(1, 40));
  const unit = chance(rng, 0.15) ? cnNumber(rng.int(1, 6)) : String(rng.int(1, 6));
  const room = `${rng.int(1, 33)}${pad(rng.int(1, 8), 2)}`;
  if (shape === 0) s += `${street}${n}号`;
  else if (shape === 1)
    s += `${street}${n}号${rng.pick(COMMUNITIES)}${building}${rng.pick(['栋', '幢', '号楼'])}${unit}单元${room}${rng.pick(['室', '', '号', '房'])}`;
  else if (shape === 2)
    s += `${rng.pick(COMMUNITIES)}${building}${rng.pick(['栋', '幢', '号楼'])}${rng.pick([`${unit}单元`, ''])}${room}${rng.pick(['室', ''])}`;
  else if (shape === 3) s += `${rng.pick(COMMUNITIES)}${rng.int(1, 40)}-${rng.int(1, 6)}-${room}`;
  else if (shape === 4)
    s += `${street}${n}号院${building}号楼${rng.pick(PLATE_LETTERS.slice(0, 4))}座${room}`;
  else s += `${street}${rng.pick(['', `${n}弄`])}${rng.int(1, 99)}号${rng.int(1, 30)}楼`;
  return s;
}
function ruralAddress(rng: Random): string {
  let s = '';
  if (chance(rng, 0.4)) s += rng.pick(PROVINCES);
  if (chance(rng, 0.5)) s += rng.pick(COUNTIES);
  s += rng.pick(TOWNS);
  s += rng.pick(VILLAGES);
  const tail = rng.int(0, 4);
  if (tail === 0) s += `${rng.int(1, 12)}组${rng.int(1, 99)}号`;
  else if (tail === 1) s += `${cnNumber(rng.int(1, 12))}组`;
  else if (tail === 2) s += `第${cnNumber(rng.int(1, 9))}村民小组${rng.int(1, 60)}号`;
  else if (tail === 3) s += `${rng.int(1, 200)}号`;
  else s += `${cnNumber(rng.int(1, 8))}队`;
  return s;
}
const plantAddress: Planter = (w, rng) => {
  const address = chance(rng, 0.4) ? ruralAddress(rng) : urbanAddress(rng);
  w.lit(
    rng.pick([
      '家住',
      '住在',
      '我住',
      '我家在',
      '地址：',
      '住址',
      '寄到',
      '送到',
      '户口在',
      '老家是',
      '',
      '我是',
      '收件地址 ',
    ]),
  );
  w.plant('address', address);
  w.lit(rng.pick(['', '，门口那条路坏了', '的居民', '，快递一直送不到', '，请上门核实', '附近']));
};

const plantStaff: Planter = (w, rng) => {
  const value = rng.pick([
    digits(rng, rng.int(4, 6)),
    `${rng.pick(PLATE_LETTERS)}${digits(rng, rng.int(3, 5))}`,
    `${rng.pick(['GA', 'ZJ', 'SW', 'SB'])}${rng.pick(['', '-'])}${digits(rng, 4)}`,
    `0${digits(rng, 5)}`,
  ]);
  w.lit(
    rng.pick([
      '工号',
      '工号是',
      '工号：',
      '警号',
      '胸牌号',
      '工牌号',
      '员工编号',
      '工作证号',
      '执法证号',
      '窗口工号',
      '工号为',
    ]),
  );
  w.plant('staff_number', chance(rng, 0.12) ? toFullWidth(value) : value);
  w.lit(rng.pick(['的工作人员', '的那位', '', '的同志态度恶劣', '，请核实']));
};

const PLANTERS: Record<PlantedType, Planter> = {
  name: plantName,
  mobile: plantMobile,
  landline: plantLandline,
  id_number: plantId,
  passport: plantPassport,
  bank_card: plantCard,
  plate: plantPlate,
  im_account: plantIm,
  email: plantEmail,
  address: plantAddress,
  staff_number: plantStaff,
};

// ——— bait: numbers and words that look like data but must stay ———

type Baiter = (w: Writer, rng: Random) => void;
const BAITERS: Record<BaitKind, Baiter> = {
  reference_number: (w, rng) => {
    const ymd = `2026${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`;
    w.lit(
      rng.pick([
        '受理编号',
        '受理编号：',
        '流水号',
        '业务流水号',
        '意见箱编号',
        '办件编号',
        '工单号',
        '回执编号',
        '预约号',
        '申请编号',
        '投诉编号',
        '订单号',
        '案件编号：',
        '单号',
      ]),
    );
    w.keep(
      'reference_number',
      rng.pick([
        `SL${ymd}${digits(rng, 4)}`,
        `${ymd}${digits(rng, 10)}`,
        `${ymd}${digits(rng, 8)}`,
        `${ymd}${digits(rng, 11)}`,
        `2026-${rng.pick(REGIONS)}-${digits(rng, 2)}-${digits(rng, 7)}`,
        `GD${ymd}${digits(rng, 5)}`,
        `YJX-2026-${digits(rng, 4)}`,
        digits(rng, 4),
        `${rng.pick(REGIONS)}${ymd}${digits(rng, 4)}`,
        `NO.${digits(rng, 8)}`,
      ]),
    );
    w.lit(rng.pick(['', '，查不到进度', '的件', '，到现在没结果']));
  },
  queue_number: (w, rng) => {
    w.lit(rng.pick(['排队号', '取号', '叫号', '拿的是', '我是', '取了个号']));
    w.keep(
      'queue_number',
      `${rng.pick(['A', 'B', 'C', 'D', 'V'])}${rng.pick(['', '-'])}${pad(rng.int(1, 299), 3)}`,
    );
    w.lit(rng.pick(['号', '', '，前面还有40人']));
  },
  date: (w, rng) => {
    const m = rng.int(1, 12);
    const d = rng.int(1, 28);
    w.lit(rng.pick(['', '我', '于', '']));
    w.keep(
      'date',
      rng.pick([
        `2026年${m}月${d}日`,
        `2026-${pad(m, 2)}-${pad(d, 2)}`,
        `2026/${m}/${d}`,
        `${m}月${d}号`,
        `${m}.${d}`,
        `2026.${pad(m, 2)}.${pad(d, 2)}`,
        `2026${pad(m, 2)}${pad(d, 2)}`,
      ]),
    );
    w.lit(rng.pick(['来办的', '提交的申请', '交的材料', '上午', '那天']));
  },
  time: (w, rng) => {
    const h = rng.int(8, 17);
    w.lit(rng.pick(['', '早上', '下午', '约', '']));
    w.keep(
      'time',
      rng.pick([
        `${h}:${pad(rng.int(0, 59), 2)}`,
        `${h}点半`,
        `${h}：${pad(rng.int(0, 59), 2)}`,
        `${h}点`,
        `0${rng.int(8, 9)}:30-17:30`,
      ]),
    );
    w.lit(rng.pick(['就到了', '才叫到号', '窗口就没人了', '开门']));
  },
  amount: (w, rng) => {
    w.lit(rng.pick(['收了', '交了', '罚款', '费用', '多收了', '退']));
    w.keep(
      'amount',
      rng.pick([
        `¥${rng.int(1, 9)},${digits(rng, 3)}.00`,
        `${rng.int(10, 5000)}元`,
        `${rng.int(10, 900)}块`,
        `￥${rng.int(5, 500)}`,
        `人民币${rng.int(100, 9000)}元`,
        `${rng.int(1, 9)}.5万元`,
      ]),
    );
    w.lit(rng.pick(['', '，没给发票', '，太贵了']));
  },
  window_number: (w, rng) => {
    w.lit(rng.pick(['在', '', '去', '到']));
    w.keep(
      'window_number',
      rng.pick([
        `${rng.int(1, 40)}号窗口`,
        `${rng.int(1, 40)}号窗`,
        `第${rng.int(1, 20)}窗口`,
        `A区${rng.int(1, 20)}号窗口`,
        `B${rng.int(1, 30)}窗口`,
        `${cnNumber(rng.int(1, 12))}号窗口`,
      ]),
    );
    w.lit(rng.pick(['办的', '没人', '排了很久', '']));
  },
  law_article: (w, rng) => {
    w.lit(rng.pick(['按照', '根据', '依据', '违反了']));
    w.keep(
      'law_article',
      rng.pick([
        `《行政许可法》第${cnNumber(rng.int(1, 80))}条`,
        `第${rng.int(1, 99)}条第${rng.int(1, 5)}款`,
        `《中华人民共和国社会保险法》第${rng.int(1, 90)}条`,
        `第${cnNumber(rng.int(1, 60))}条`,
        `国办发〔2026〕${rng.int(1, 60)}号文件`,
      ]),
    );
    w.lit(rng.pick(['的规定', '', '应该当场办结']));
  },
  service_number: (w, rng) => {
    w.lit(rng.pick(['打了', '拨打', '已经打过', '投诉到', '问过']));
    w.keep(
      'service_number',
      rng.pick([
        '12345',
        '12315',
        '12366',
        '12333',
        '12328',
        '12319',
        '110',
        '95588',
        '95533',
        '10086',
        `400-${rng.int(100, 999)}-${digits(rng, 4)}`,
        `400${digits(rng, 7)}`,
        '12345热线',
      ]),
    );
    w.lit(rng.pick(['', '热线', '也没用', '，说转给你们了']));
  },
  count: (w, rng) => {
    w.lit(rng.pick(['等了', '跑了', '排了', '前面有', '用了', '']));
    w.keep(
      'count',
      rng.pick([
        `${rng.int(2, 90)}分钟`,
        `${rng.int(2, 5)}个小时`,
        `${rng.int(2, 9)}次`,
        `${rng.int(10, 80)}多人`,
        `${rng.int(3, 20)}个工作日`,
        `${rng.int(50, 99)}%`,
        `${rng.int(1, 5)}楼大厅`,
        `2026年度`,
        `第${rng.int(2, 5)}次`,
      ]),
    );
    w.lit(rng.pick(['', '了', '还没办好']));
  },
  word: (w, rng) => {
    // Words that begin with a surname character or read like places, and are not personal data.
    w.lit(rng.pick(['', '真的', '希望']));
    w.keep(
      'word',
      rng.pick([
        '高峰期',
        '周末',
        '方便',
        '程序',
        '马上',
        '温馨提示',
        '黄牛',
        '江苏政务服务网',
        '市民服务中心',
        '不动产登记中心',
        '高新区政务大厅',
        '朝阳区',
        '白跑一趟',
        '常住人口',
        '向上级反映',
        '司法局',
        '人民法院',
        '老年人',
        '小程序',
        '老师傅的手艺',
        '张贴的通知',
      ]),
    );
    w.lit(rng.pick(['', '人太多', '不好用', '也说不清']));
  },
};

function addTypos(rng: Random, s: string): string {
  if (!chance(rng, 0.25)) return s;
  const [right, wrong] = rng.pick(TYPOS);
  return s.replace(right, wrong);
}

/** One comment: an opener, filler clauses, 0–3 planted items, 0–2 bait, in a random order. */
function makeComment(rng: Random, index: number): CorpusComment {
  const w = new Writer();
  w.lit(rng.pick(OPENERS));
  const parts: (() => void)[] = [];
  // Every type gets its turn so each has hundreds of items; others are drawn at random.
  const first = PLANTED_TYPES[index % PLANTED_TYPES.length] as PlantedType;
  const items = [first];
  const extra = rng.int(0, 9);
  if (extra >= 6) items.push(rng.pick(PLANTED_TYPES));
  if (extra === 9) items.push(rng.pick(PLANTED_TYPES));
  for (const t of items) parts.push(() => PLANTERS[t](w, rng));
  const baits = rng.int(0, 9) < 7 ? rng.int(1, 2) : 0;
  for (let i = 0; i < baits; i++) {
    const kind = rng.pick(BAIT_KINDS);
    parts.push(() => BAITERS[kind](w, rng));
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    const filler = addTypos(rng, rng.pick(FILLERS));
    parts.push(() => w.lit(filler));
  }
  // Shuffle (Fisher–Yates) so items fall at the start, middle and end.
  for (let i = parts.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [parts[i], parts[j]] = [parts[j] as () => void, parts[i] as () => void];
  }
  parts.forEach((part, i) => {
    if (i > 0) w.lit(rng.pick(['，', '，', '。', ' ', '！', '、', '；', ',', '...', '，，']));
    part();
  });
  w.lit(rng.pick(CLOSERS));
  return { text: w.text, planted: w.planted, bait: w.bait };
}

export function generateScrubCorpus(opts: { seed?: number; size?: number } = {}): CorpusComment[] {
  const rng = createRandom(opts.seed ?? SCRUB_CORPUS_SEED);
  return Array.from({ length: opts.size ?? 2200 }, (_, i) => makeComment(rng, i));
}
