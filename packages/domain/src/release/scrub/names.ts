// Person names in a normalised comment. A word segmenter with part-of-speech tags (jieba, injected)
// gives the word boundaries and tells dictionary words (程序/n, 老师/n) from names and from words
// it has never seen (娄梓怡/x, HMM-guessed); rules on top decide what is a name: a surname followed
// by given-name characters, a surname before a title or kinship word (张主任, 王姐, 李师傅), 小王 /
// 老李 forms, a name after a cue (我叫, 联系人), romanised and English names. Without a segmenter
// the same rules run on characters alone, with more false hits.
import {
  COMPOUND_SURNAMES,
  ENGLISH_GIVEN_NAMES,
  NOT_GIVEN,
  PINYIN_SURNAMES,
  PINYIN_SYLLABLES,
  SURNAMES,
  TITLES,
} from './name-lexicon.ts';

export interface TaggedWord {
  word: string;
  tag: string;
}
/** Splits Chinese text into words with part-of-speech tags (jieba's: nr person, ns place, x unknown …). */
export interface WordSegmenter {
  tag(text: string): TaggedWord[];
}

type Emit = (start: number, end: number) => void;

interface Token {
  start: number;
  end: number;
  word: string;
  tag: string;
}

const HAN = /^[\u4e00-\u9fa5]+$/;
const isNameTag = (tag: string) => tag.startsWith('nr') || tag === 'x' || tag === 'ng' || tag === 'nz';

/** Length of the surname a string starts with (2 for 欧阳), or 0. */
function surnameAt(s: string, i: number, wordlike = true): number {
  const two = s.slice(i, i + 2);
  if (COMPOUND_SURNAMES.has(two) && (wordlike || !WORDLIKE_COMPOUNDS.has(two))) return 2;
  return SURNAMES.has(s[i] as string) ? 1 : 0;
}
/** Tags of words that are never a surname standing alone (和/c "and", 向/p "towards"). */
const NOT_SURNAME_TAG = /^(?:c|p|d|r|u|v|y|e|o|m|q|f)/;
const givenOk = (s: string) =>
  s.length > 0 && [...s].every((c) => /[\u4e00-\u9fa5]/.test(c) && !NOT_GIVEN.has(c));

/** A surname and one or two given-name characters, the whole of `s`. */
function looksLikeFullName(s: string): boolean {
  const n = surnameAt(s, 0, false);
  if (!n) return false;
  const given = s.slice(n);
  // 和 stands inside a given name (鲁和颖) but after one it is "and".
  return (
    given.length >= 1 && given.length <= 2 && givenOk(given.length === 2 ? given.replace(/^和/, '建') : given)
  );
}

const TITLE_RE = new RegExp(`(?:${[...TITLES].sort((a, b) => b.length - a.length).join('|')})`, 'g');
const KIN_PREFIX = /[小老阿]/g;
const CUE =
  /(?:我叫|名叫|叫做|姓名|名字|联系人|经办人|办事人|申请人|受理人|接待人|负责人|值班人|签收人|家属|老伴|丈夫|妻子|老公|老婆|儿子|女儿|本人|表扬|投诉|感谢|谢谢|找|是|和|跟|给|让|问|请)[:\s是为叫]{0,2}/g;
const ROMAN =
  /(?<![A-Za-z])([A-Z][a-z]{0,11}|[A-Z]{2,11})(?:[ .]([A-Z][a-z]{1,12}|[A-Z]{2,12}))?(?![A-Za-z])/g;
const SURNAME_CUE = /(?<!百)姓(?![名氏别])/g;
const STRONG_CUE =
  /^(?:我叫|名叫|叫做|姓名|名字|联系人|经办人|办事人|申请人|受理人|接待人|负责人|值班人|签收人)/;
const ALONE = /(^|[，。！？；、,.!?;:\s])([\u4e00-\u9fa5]{2,4})(?=$|[，。！？；、,.!?;:\s])/g;
const HONORIFIC = /(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr)\.? ?[A-Z][a-z]+(?: [A-Z][a-z]+)?/g;

/** Is `w` a run of pinyin syllables (Xiuying, Jianguo)? */
function isPinyin(w: string): boolean {
  const s = w.toLowerCase();
  const ok = new Array<boolean>(s.length + 1).fill(false);
  ok[0] = true;
  for (let i = 0; i < s.length; i++) {
    if (!ok[i]) continue;
    for (let len = 1; len <= 6 && i + len <= s.length; len++)
      if (PINYIN_SYLLABLES.has(s.slice(i, i + len))) ok[i + len] = true;
  }
  return ok[s.length] as boolean;
}

/** Clause breaks: the segmenter runs clause by clause, and only where a name could be. */
const CLAUSE = /[^，。！？；、,.!?;:：\s]+/g;
const NAME_START = /[小老阿]/;
const hasSurname = (s: string) => {
  for (let i = 0; i < s.length; i++)
    if (SURNAMES.has(s[i] as string) || NAME_START.test(s[i] as string)) return true;
  return false;
};

function tokenize(segmenter: WordSegmenter | undefined, text: string): Token[] | null {
  if (!segmenter) return null;
  const tokens: Token[] = [];
  let at = 0;
  const plain = (end: number) => {
    // Text without a surname character holds no name: one non-name token instead of segmenting it.
    if (end > at) tokens.push({ start: at, end, word: text.slice(at, end), tag: 'w' });
    at = end;
  };
  CLAUSE.lastIndex = 0;
  for (let m = CLAUSE.exec(text); m !== null; m = CLAUSE.exec(text)) {
    if (!hasSurname(m[0])) continue;
    plain(m.index);
    for (const t of segmenter.tag(m[0])) {
      if (!text.startsWith(t.word, at)) return null; // the segmenter changed the text: use characters
      tokens.push({ start: at, end: at + t.word.length, word: t.word, tag: t.tag });
      at += t.word.length;
    }
    if (at !== m.index + m[0].length) return null;
  }
  plain(text.length);
  return tokens;
}

export function findNames(norm: string, emitName: Emit, segmenter?: WordSegmenter) {
  const found: [number, number][] = [];
  collectNames(norm, (start, end) => found.push([start, end]), segmenter);
  // Names are listed together: whatever stands beside a name across 和, 跟, 、 and reads as a
  // surname and given name is one too (王芳和伍建都不在).
  for (const [start, end] of [...found]) {
    emitName(start, end);
    if (/^[和跟与、及]/.test(norm.slice(end, end + 1))) {
      const from = end + 1;
      const n = surnameAt(norm, from);
      let e = from + n;
      while (n && e - from - n < 2 && e < norm.length && givenOk(norm[e] as string)) e++;
      if (n && e > from + n) emitName(from, e);
    }
    if (start > 0 && /^[和跟与、及]$/.test(norm[start - 1] as string)) {
      for (let len = 4; len >= 2; len--) {
        const from = start - 1 - len;
        if (from < 0) continue;
        const cand = norm.slice(from, start - 1);
        const n = surnameAt(cand, 0);
        if (n && cand.length - n >= 1 && cand.length - n <= 2 && givenOk(cand.slice(n))) {
          emitName(from, start - 1);
          break;
        }
      }
    }
  }
}

function collectNames(norm: string, emitName: Emit, segmenter?: WordSegmenter) {
  const tokens = tokenize(segmenter, norm);
  // 滕/nr 和/c 说/v: a 和 right after a short name, with no name after it, is the name's last character.
  const emit: Emit = (start, end) => {
    const t = tokenAt.get(end);
    const after = t ? tokens?.[(tokens.indexOf(t) ?? -1) + 1] : undefined;
    const givenSoFar = end - start - surnameAt(norm, start);
    if (
      t?.word === '和' &&
      givenSoFar < 2 &&
      !(
        after &&
        HAN.test(after.word) &&
        (isNameTag(after.tag) || surnameAt(after.word, 0) === after.word.length)
      )
    )
      end += 1;
    emitName(start, end);
  };
  const tokenAt = new Map<number, Token>();
  const tokenEndingAt = new Map<number, Token>();
  for (const t of tokens ?? []) {
    tokenAt.set(t.start, t);
    tokenEndingAt.set(t.end, t);
  }
  /** The text from `start` to `end` is one dictionary word that is not a name (程序, 老师, 项目). */
  const isOrdinaryWord = (start: number, end: number) => {
    const t = tokenAt.get(start);
    return t !== undefined && t.end === end && !isNameTag(t.tag);
  };
  /**
   * A name found at [start, end) whose given name may go on into the next word (晏涵/x 宝很/x): up to
   * two given-name characters in all, through name-like or unknown words only.
   */
  const extendGiven = (start: number, end: number, throughWords = false) => {
    const n = surnameAt(norm, start);
    let e = end;
    while (e - start - n < 2 && e < norm.length && givenOk(norm[e] as string)) {
      const t = tokenOf[e];
      if (!throughWords && t && t.start === e && !isNameTag(t.tag) && t.end - t.start > 1) break;
      e++;
    }
    return e;
  };
  const tokenOf: (Token | undefined)[] = [];
  for (const t of tokens ?? []) for (let i = t.start; i < t.end; i++) tokenOf[i] = t;
  /** `start` falls inside an ordinary word the segmenter found (施工, 项目), so no name begins there. */
  const insideWord = (start: number) => {
    const t = tokenOf[start];
    return t !== undefined && t.start < start && !isNameTag(t.tag);
  };

  // 1. Words the segmenter marks as names or does not know, that read as surname + given name; and a
  //    surname word followed by a short unknown or name word (王/nr 秀英/nr, 令狐/nr 颖鑫/x).
  if (tokens) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (!HAN.test(t.word)) continue;
      const prev = tokens[i - 1];
      const following = tokens[i + 1];
      // 感谢费/n 春顺/x: the surname went into the word before an unknown given name.
      if (
        t.tag === 'x' &&
        t.word.length <= 2 &&
        givenOk(t.word) &&
        prev &&
        prev.word.length >= 2 &&
        HAN.test(prev.word) &&
        SURNAMES.has(prev.word[prev.word.length - 1] as string)
      )
        emit(prev.end - 1, t.end);
      // 滕/nr 和/c 说/v: 和 closes the name when a verb, an adverb or punctuation follows.
      if (
        t.tag.startsWith('nr') &&
        t.word.length === 1 &&
        SURNAMES.has(t.word) &&
        following?.word === '和' &&
        (tokens[i + 2] === undefined || /^[vd]|^x$/.test((tokens[i + 2] as Token).tag))
      )
        emit(t.start, following.end);
      // 南宫/ns 国办/j: a compound surname and the first character of a word after it.
      if (
        t.word.length === 2 &&
        COMPOUND_SURNAMES.has(t.word) &&
        !WORDLIKE_COMPOUNDS.has(t.word) &&
        following &&
        HAN.test(following.word) &&
        givenOk(following.word[0] as string)
      )
        emit(t.start, extendGiven(t.start, following.start + 1));
      if (isNameTag(t.tag) && t.word.length >= 2 && t.word.length <= 4 && looksLikeFullName(t.word)) {
        if (!t.tag.startsWith('nr') || !COMMON_NR.has(t.word)) emit(t.start, extendGiven(t.start, t.end));
        continue;
      }
      // 滕和/x 说/v: a final 和 is part of the name unless another name follows it ("A 和 B").
      const after = tokens[i + 1];
      if (
        isNameTag(t.tag) &&
        t.word.length >= 2 &&
        t.word.length <= 4 &&
        t.word.endsWith('和') &&
        looksLikeFullName(`${t.word.slice(0, -1)}建`) &&
        !(after && isNameTag(after.tag) && HAN.test(after.word))
      ) {
        emit(t.start, t.end);
        continue;
      }
      // An unknown word the segmenter glued together (付建霞都/x): its surname and given-name head.
      const n = surnameAt(t.word, 0);
      if (t.tag === 'x' && n && t.word.length > n + 1) {
        const end = extendGiven(t.start, t.start + n);
        if (end - t.start >= n + 1 && end < t.end) emit(t.start, end);
        continue;
      }
      const next = tokens[i + 1];
      const surnameToken =
        surnameAt(t.word, 0, false) === t.word.length &&
        (t.word.length === 2 || !NOT_SURNAME_TAG.test(t.tag));
      // 欧阳/ns 琪/g, 夏侯/nr 志/n: a one-character word after a surname the segmenter left alone.
      // 柏/nr 强军/n, 南宫/ns 国办/j: after a surname the segmenter calls a person, or a compound one.
      const oneChar = next?.word.length === 1 && (t.word.length === 2 || t.tag.startsWith('nr'));
      const strongSurname =
        (t.tag.startsWith('nr') || (t.word.length === 2 && !WORDLIKE_COMPOUNDS.has(t.word))) &&
        next !== undefined &&
        next.word.length <= 2 &&
        givenOk(next.word);
      if (surnameToken && next && HAN.test(next.word) && strongSurname && !isNameTag(next.tag)) {
        emit(t.start, next.end);
        continue;
      }
      if (surnameToken && next && HAN.test(next.word) && (isNameTag(next.tag) || oneChar)) {
        // The segmenter may glue the given name to the next word (公孙/n 然点/x): take the given-name
        // characters that follow, up to two.
        const end = extendGiven(t.start, t.end);
        if (end > t.end && !COMMON_NR.has(norm.slice(t.start, end))) emit(t.start, end);
      }
    }
  }

  // 2. A surname (and given name) before a title or kinship word: 张建国主任, 王姐, 欧阳科长.
  TITLE_RE.lastIndex = 0;
  for (let m = TITLE_RE.exec(norm); m !== null; m = TITLE_RE.exec(norm)) {
    const at = m.index;
    const single = m[0].length === 1;
    let best = -1;
    for (let len = single ? 2 : 4; len >= 1; len--) {
      const from = at - len;
      if (from < 0) continue;
      const cand = norm.slice(from, at);
      const n = surnameAt(cand, 0);
      if (!n || (n === len ? false : !givenOk(cand.slice(n))) || (single && len > n)) continue;
      if (len - n > 2 || insideWord(from) || isOrdinaryWord(from, at + m[0].length)) continue;
      // 李秀兰/x 反映/v 窗口人员: an ordinary word between the surname and the title is no given name.
      let crossesWord = false;
      for (let i = from + 1; i < at; i++) {
        const w = tokenAt.get(i);
        if (w && w.end - w.start > 1 && !isNameTag(w.tag)) crossesWord = true;
      }
      if (crossesWord) continue;
      if (len > n && isOrdinaryWord(from, at)) continue;
      best = from;
      break;
    }
    if (best >= 0) emit(best, at);
  }

  // 3. 小王, 老李, 阿珍 — unless the segmenter reads a longer ordinary word there (小时, 老师, 老年人).
  KIN_PREFIX.lastIndex = 0;
  for (let m = KIN_PREFIX.exec(norm); m !== null; m = KIN_PREFIX.exec(norm)) {
    const at = m.index;
    if (m[0] === '阿') {
      // 阿珍, 阿强: only where the segmenter reads the two characters as one name-like word.
      const t = tokenAt.get(at);
      if (t && t.end === at + 2 && isNameTag(t.tag) && !COMMON_NR.has(t.word) && givenOk(t.word.slice(1)))
        emit(at, at + 2);
      continue;
    }
    const n = surnameAt(norm, at + 1);
    if (!n) continue;
    const end = at + 1 + n;
    if (KIN_WORDS.has(norm.slice(at, at + 2))) continue;
    // A longer word there (老年人, 小程序) is not a nickname; 老方/n and 小范/n are.
    const t = tokenAt.get(at);
    if (t && t.end > end && !isNameTag(t.tag)) continue;
    if (t && t.end === end && COMMON_NR.has(t.word)) continue;
    // 小/a 程序/n: the surname character begins a longer ordinary word.
    const after = tokenAt.get(at + 1);
    if (after && after.end > end && !isNameTag(after.tag)) continue;
    emit(at, end);
  }

  // 4. After a cue (我叫, 联系人：, 感谢): a surname and given name.
  CUE.lastIndex = 0;
  for (let m = CUE.exec(norm); m !== null; m = CUE.exec(norm)) {
    const from = m.index + m[0].length;
    // A strong cue (我叫, 联系人) takes the name even where the segmenter reads a word (胡金/n).
    const strong = STRONG_CUE.test(m[0]);
    const n = surnameAt(norm, from);
    if (!n || (!strong && insideWord(from))) continue;
    const len = extendGiven(from, from + n, strong) - from;
    if (len === n) continue;
    const t = tokenAt.get(from);
    const within = tokenOf[from];
    const nameLike =
      t === undefined
        ? within !== undefined && within.tag === 'x'
        : (isNameTag(t.tag) && !COMMON_NR.has(t.word)) || t.end === from + n;
    if (strong || !tokens || nameLike) emit(from, from + len);
  }

  // 5. A name standing alone between punctuation, as an address or a signature: 涂福金，这是…
  ALONE.lastIndex = 0;
  for (let m = ALONE.exec(norm); m !== null; m = ALONE.exec(norm)) {
    const from = m.index + (m[1] as string).length;
    const cand = m[2] as string;
    // Standing alone, a final 和 is part of the name (甘和), not "and".
    if (
      !looksLikeFullName(cand.replace(/和$/, '建')) ||
      COMMON_NR.has(cand) ||
      isOrdinaryWord(from, from + cand.length)
    )
      continue;
    emit(from, from + cand.length);
  }

  // 我姓陈, 好像姓周: a surname given on its own.
  SURNAME_CUE.lastIndex = 0;
  for (let m = SURNAME_CUE.exec(norm); m !== null; m = SURNAME_CUE.exec(norm)) {
    const from = m.index + 1;
    const n = surnameAt(norm, from);
    if (n && !COMMON_NR.has(norm.slice(m.index, from + n))) emit(from, from + n);
  }

  // 6. Romanised Chinese names (Zhang Wei, WANG Xiuying) and English given names (Tony, Linda Wang).
  ROMAN.lastIndex = 0;
  for (let m = ROMAN.exec(norm); m !== null; m = ROMAN.exec(norm)) {
    const first = (m[1] as string).toLowerCase();
    const second = m[2]?.toLowerCase();
    const chinese = PINYIN_SURNAMES.has(first) && second !== undefined && isPinyin(second);
    const reversed =
      second !== undefined && PINYIN_SURNAMES.has(second) && isPinyin(first) && first.length > 1;
    if (chinese || reversed || ENGLISH_GIVEN_NAMES.has(first)) {
      const end =
        ENGLISH_GIVEN_NAMES.has(first) && second && !PINYIN_SURNAMES.has(second) && !isPinyin(second)
          ? m.index + (m[1] as string).length
          : m.index + m[0].length;
      emit(m.index, end);
    }
  }
  HONORIFIC.lastIndex = 0;
  for (let m = HONORIFIC.exec(norm); m !== null; m = HONORIFIC.exec(norm))
    emit(m.index, m.index + m[0].length);
}

/** Dictionary words jieba tags as names that are ordinary words in a complaint. */
const COMMON_NR = new Set(
  '孙女 孙子 外孙 儿子 女儿 老伴 外婆 奶奶 爷爷 姥姥 姥爷 舅舅 叔叔 阿姨 姐姐 哥哥 弟弟 妹妹 老婆 老公 丈夫 妻子 家属 小孩 谢谢 温馨 黄牛 张贴 高新区 老师傅 明白 文明 阳光 武功 王朝 小姐 和尚 陆军 道德 卫星 雷达 太后 荣誉 古老 言语 冷笑 武林 明星 宫殿 光荣 权威 老太太 师傅 侍卫 帝王 封锁 宣言 胡同 玉米 师兄 顾问 王爷 高峰 周全 安全 高明 方正 常识 江湖 金融 金额 时光 华丽 向往 平安 高达 高度 高于 成功 成全 成熟 于是 于心 白白 马虎 祝福 宁愿 雷同 包括 包容 石油 任务 任意 任职 任何 鲁莽 江南 林业 易于 夏天 秦腔 秋天 关照 关心 关键 关于 孔雀 石头 童年 梅花 柯南 应该 应当 应付 解决 解释 解答 管理 管用 管控 邢台 华为 华人 花费 花钱 花园 宁静 明天 明确 明显 时间 时候 云南 都是 都会 都市 习惯 连续 连忙 连接 毛病 龙头 甘心 冷静 冷漠 冷淡 单独 单位 单据 乐意 来回 来访 来电 来源 苏州 杨柳 和谐 和平 万一 万能 伍佰 钱包'.split(
    ' ',
  ),
);
/** Compound surnames that are more often ordinary words (东方 east, 第五 fifth). */
const WORDLIKE_COMPOUNDS = new Set(['东方', '第五', '百里', '长孙', '西门']);
/** 小X / 老X words when no segmenter is at hand. */
const KIN_WORDS = new Set(
  '小时 小区 小孩 小心 小姐 小学 小组 小费 小吃 小康 小说 小雨 小伙 小朋 小型 小额 小票 小程 小窗 小事 小便 小卖 小车 小路 小麦 小米 小儿 小巷 小张贴 小时候 老师 老人 老家 老婆 老公 老板 老总 老乡 老年 老是 老百 老大 老伴 老化 老旧 老实 老远 老早 老式 老爷 老头 老太 老毛 老样 老地 老问 老城 老区 老同 老鼠 老虎 老弱 老幼 老少 老到 老套 阿姨 阿里'.split(
    ' ',
  ),
);
