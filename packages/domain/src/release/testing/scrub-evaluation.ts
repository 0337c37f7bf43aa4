// Scores a scrubber on the synthetic corpus from its output text alone, so the current scrubber and
// any earlier one are measured the same way: the output is aligned back onto the comment (masks are
// bracketed labels such as [姓名]), and a planted item counts as removed only when none of its
// letters, digits or Chinese characters is left; a bait item counts as kept only when it is intact.
import {
  BAIT_KINDS,
  type BaitKind,
  type CorpusComment,
  PLANTED_TYPES,
  type PlantedType,
} from './scrub-corpus.ts';

const LABEL = /\[[\u4e00-\u9fa5A-Za-z]{1,6}\]/;
const SIGNIFICANT = /[\p{L}\p{N}]/u;

/**
 * Which characters (UTF-16 indexes) of `original` survive in `output`, or null when the output is
 * not the original with some runs replaced by labels (the scrubber changed text it did not mask).
 */
export function keptCharacters(original: string, output: string): boolean[] | null {
  const pieces = output.split(LABEL);
  const kept = new Array<boolean>(original.length).fill(false);
  const first = pieces[0] as string;
  if (!original.startsWith(first)) return null;
  for (let i = 0; i < first.length; i++) kept[i] = true;
  if (pieces.length === 1) return first.length === original.length ? kept : null;
  let pos = first.length;
  const last = pieces[pieces.length - 1] as string;
  const lastAt = original.length - last.length;
  if (!original.endsWith(last) || lastAt <= pos) return null;
  for (let p = 1; p < pieces.length - 1; p++) {
    const piece = pieces[p] as string;
    // Each label stands for at least one character.
    const at = original.indexOf(piece, pos + 1);
    if (at < 0 || at + piece.length >= lastAt) return null;
    for (let i = at; i < at + piece.length; i++) kept[i] = true;
    pos = at + piece.length;
  }
  for (let i = lastAt; i < original.length; i++) kept[i] = true;
  return kept;
}

export interface ScrubScore {
  comments: number;
  perType: Record<PlantedType, { planted: number; removed: number; recall: number }>;
  perBait: Record<BaitKind, { total: number; kept: number }>;
  recall: number;
  recallMin: number;
  baitKept: number;
  /** Share of characters that were neither planted nor bait but got masked anyway. */
  overMasked: number;
  misaligned: number;
  misses: { kind: PlantedType; text: string; output: string }[];
  baitLost: { kind: BaitKind; text: string; output: string }[];
}

export function scoreScrubber(corpus: CorpusComment[], scrub: (text: string) => string): ScrubScore {
  const perType = Object.fromEntries(
    PLANTED_TYPES.map((t) => [t, { planted: 0, removed: 0, recall: 0 }]),
  ) as ScrubScore['perType'];
  const perBait = Object.fromEntries(
    BAIT_KINDS.map((k) => [k, { total: 0, kept: 0 }]),
  ) as ScrubScore['perBait'];
  const misses: ScrubScore['misses'] = [];
  const baitLost: ScrubScore['baitLost'] = [];
  let misaligned = 0;
  let plainChars = 0;
  let plainMasked = 0;
  for (const c of corpus) {
    const output = scrub(c.text);
    const kept = keptCharacters(c.text, output);
    if (!kept) misaligned++;
    const isKept = (i: number) => (kept ? (kept[i] as boolean) : true);
    const labelled = new Array<boolean>(c.text.length).fill(false);
    for (const p of c.planted) {
      const t = perType[p.kind];
      t.planted++;
      let leaked = false;
      for (let i = p.start; i < p.end; i++) {
        labelled[i] = true;
        if (isKept(i) && SIGNIFICANT.test(c.text[i] as string)) leaked = true;
      }
      if (leaked) misses.push({ kind: p.kind, text: p.text, output });
      else t.removed++;
    }
    for (const b of c.bait) {
      const t = perBait[b.kind];
      t.total++;
      let intact = true;
      for (let i = b.start; i < b.end; i++) {
        labelled[i] = true;
        if (!isKept(i)) intact = false;
      }
      if (intact) t.kept++;
      else baitLost.push({ kind: b.kind, text: b.text, output });
    }
    for (let i = 0; i < c.text.length; i++) {
      if (labelled[i] || !SIGNIFICANT.test(c.text[i] as string)) continue;
      plainChars++;
      if (!isKept(i)) plainMasked++;
    }
  }
  let planted = 0;
  let removed = 0;
  let recallMin = 1;
  for (const t of Object.values(perType)) {
    t.recall = t.planted ? t.removed / t.planted : 1;
    planted += t.planted;
    removed += t.removed;
    recallMin = Math.min(recallMin, t.recall);
  }
  const baitTotal = Object.values(perBait).reduce((a, b) => a + b.total, 0);
  const baitKeptN = Object.values(perBait).reduce((a, b) => a + b.kept, 0);
  return {
    comments: corpus.length,
    perType,
    perBait,
    recall: planted ? removed / planted : 1,
    recallMin,
    baitKept: baitTotal ? baitKeptN / baitTotal : 1,
    overMasked: plainChars ? plainMasked / plainChars : 0,
    misaligned,
    misses,
    baitLost,
  };
}
