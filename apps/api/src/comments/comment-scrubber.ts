// The one comment scrubber of the application: the domain's rules with jieba's segmenter and
// part-of-speech tags injected (packages/domain stays free of native modules). Everything that shows
// or ships a citizen's comment beyond the unit handling its case goes through `scrubCommentText`.

import { type CommentScrubber, createCommentScrubber, type WordSegmenter } from '@kaimen/domain';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let scrubber: CommentScrubber | undefined;

/** jieba with its default dictionary, HMM on so unseen names come back as new words. */
export function createJiebaSegmenter(): WordSegmenter {
  const jieba = Jieba.withDict(dict);
  return { tag: (text) => jieba.tag(text, true) };
}

/** Loaded on first use (~0.2 s for the dictionary), then shared. */
export function scrubCommentText(text: string) {
  scrubber ??= createCommentScrubber({ segmenter: createJiebaSegmenter() });
  return scrubber(text);
}

/** A text that may be absent, scrubbed for anyone but the unit handling its case. */
export const scrubbedOrNull = (text: string | null) => (text === null ? null : scrubCommentText(text).text);
