// Masks personal data in citizens' free-text comments wherever a comment is shown or shipped beyond
// the unit handling it (dataset releases, case and quarantine lists, the agency API). Detection runs
// on a normalised copy (full-width digits, letters and signs folded to ASCII one unit for one, so
// offsets match) in three passes, each blind to what the earlier ones took: structured identifiers
// by their real forms and check digits (scrub/identifiers.ts), addresses with every tail
// (scrub/addresses.ts), person names from word segmentation with part-of-speech tags plus rules
// (scrub/names.ts). Each find is replaced by a label ([姓名], [车牌] …) so the sentence stays readable.
import { findAddresses } from './scrub/addresses.ts';
import { findIdentifiers } from './scrub/identifiers.ts';
import { findNames, type WordSegmenter } from './scrub/names.ts';
import {
  blockOut,
  MASK_LABEL,
  type MaskKind,
  normalise,
  overlapsAny,
  type Span,
} from './scrub/text-spans.ts';

export { isValidIdNumber } from './scrub/check-digits.ts';
export type { TaggedWord, WordSegmenter } from './scrub/names.ts';
export { MASK_KINDS, MASK_LABEL, type MaskKind } from './scrub/text-spans.ts';

export interface ScrubResult {
  text: string;
  masked: Partial<Record<MaskKind, number>>;
}
export type CommentScrubber = (text: string) => ScrubResult;

/** Union of overlapping spans of one pass (two name rules finding 小李 and 李帮 mask 小李帮). */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** The spans to mask (and to keep) in a comment, in order. */
export function findPersonalData(text: string, segmenter?: WordSegmenter): Span[] {
  const norm = normalise(text);
  const taken: Span[] = [];
  findIdentifiers(norm, (start, end, kind) => {
    if (end > start && !overlapsAny(taken, start, end)) taken.push({ start, end, kind });
  });
  const afterIds = blockOut(norm, taken);
  const addresses: Span[] = [];
  findAddresses(afterIds, (start, end) => {
    if (end > start && !overlapsAny(taken, start, end)) addresses.push({ start, end, kind: 'address' });
  });
  taken.push(...merge(addresses));
  const names: Span[] = [];
  findNames(
    blockOut(norm, taken),
    (start, end) => {
      if (end > start && !overlapsAny(taken, start, end)) names.push({ start, end, kind: 'name' });
    },
    segmenter,
  );
  taken.push(...merge(names));
  return taken.sort((a, b) => a.start - b.start);
}

export function createCommentScrubber(opts: { segmenter?: WordSegmenter } = {}): CommentScrubber {
  return (text) => {
    const masked: ScrubResult['masked'] = {};
    let out = '';
    let pos = 0;
    for (const s of findPersonalData(text, opts.segmenter)) {
      if (s.kind === 'keep') continue;
      out += text.slice(pos, s.start) + MASK_LABEL[s.kind];
      masked[s.kind] = (masked[s.kind] ?? 0) + 1;
      pos = s.end;
    }
    return { text: out + text.slice(pos), masked };
  };
}

/**
 * The scrubber without a word segmenter: every identifier and address rule, and the name rules on
 * characters alone. The application injects jieba (apps/api/src/comments/comment-scrubber.ts).
 */
export const scrubComment: CommentScrubber = createCommentScrubber();

/**
 * A released comment that starts like a spreadsheet formula (= + - @, tab, CR) gets a leading
 * apostrophe, so opening the CSV in Excel or WPS shows the text instead of running it (OWASP's
 * advice on CSV injection). Applied to the stored comment, so every format carries the same text.
 */
export const defuseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
