// `pnpm bench:scrub`: the comment scrubber on the seeded synthetic corpus (packages/domain/src/release/
// testing/scrub-corpus.ts): per-type recall of planted personal data, bait kept, over-masking and
// comments per second on one core, against the scrubber as it was before issue 20 (scrub-legacy.ts)
// measured the same way in the same run.
// Options (env): SCRUB_SEED (default SCRUB_CORPUS_SEED), SCRUB_SIZE (default 2200), SCRUB_SECONDS
// (time per speed measurement, default 3), SCRUB_SHOW_MISSES (print up to N misses per type).

import { createJiebaSegmenter, scrubCommentText } from '../../apps/api/src/comments/comment-scrubber.ts';
import { scrubComment as rulesOnly } from '../../packages/domain/src/release/comment-scrubber.ts';
import {
  generateScrubCorpus,
  PLANTED_TYPES,
  SCRUB_CORPUS_SEED,
} from '../../packages/domain/src/release/testing/scrub-corpus.ts';
import {
  type ScrubScore,
  scoreScrubber,
} from '../../packages/domain/src/release/testing/scrub-evaluation.ts';
import { scrubComment as legacyScrub } from './scrub-legacy.ts';

const seed = Number(process.env.SCRUB_SEED ?? SCRUB_CORPUS_SEED);
const size = Number(process.env.SCRUB_SIZE ?? 2200);
const seconds = Number(process.env.SCRUB_SECONDS ?? 3);
const showMisses = Number(process.env.SCRUB_SHOW_MISSES ?? 0);

const corpus = generateScrubCorpus({ seed, size });

/**
 * Comments per second of CPU time on this thread (jieba runs synchronously on it too), so a machine
 * shared with other work does not read as a slow scrubber; the wall-clock rate is printed beside it.
 */
function perSecond(scrub: (text: string) => string): { cpu: number; wall: number } {
  for (const c of corpus.slice(0, 200)) scrub(c.text);
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (const c of corpus) scrub(c.text);
    n += corpus.length;
  }
  const used = process.cpuUsage(cpu);
  return { cpu: n / ((used.user + used.system) / 1e6), wall: n / ((performance.now() - start) / 1000) };
}

const f = (x: number) => x.toFixed(3);
function table(name: string, s: ScrubScore, perS: { cpu: number; wall: number }) {
  console.log(`\n${name}: ${s.comments} comments, misaligned outputs ${s.misaligned}`);
  for (const t of PLANTED_TYPES) {
    const r = s.perType[t];
    console.log(
      `  ${t.padEnd(14)} planted=${String(r.planted).padStart(4)} removed=${String(r.removed).padStart(4)} recall=${f(r.recall)}`,
    );
  }
  const bait = Object.entries(s.perBait)
    .map(([k, v]) => `${k}=${v.kept}/${v.total}`)
    .join(' ');
  console.log(`  bait kept ${f(s.baitKept)} (${bait})`);
  console.log(
    `  recall=${f(s.recall)} recall_min=${f(s.recallMin)} over_masked_chars=${f(s.overMasked)} per_s=${Math.round(perS.cpu)} (per CPU second; wall clock ${Math.round(perS.wall)}/s)`,
  );
  if (showMisses) {
    for (const t of PLANTED_TYPES)
      for (const m of s.misses.filter((x) => x.kind === t).slice(0, showMisses))
        console.log(`  miss ${t}: ${m.text} → ${m.output}`);
    for (const b of s.baitLost.slice(0, showMisses * 3))
      console.log(`  bait lost ${b.kind}: ${b.text} → ${b.output}`);
  }
}

const legacy = (text: string) => legacyScrub(text).text;
const before = scoreScrubber(corpus, legacy);
table('before: the scrubber before issue 20', before, perSecond(legacy));
const rules = (text: string) => rulesOnly(text).text;
table('rules only (no segmenter)', scoreScrubber(corpus, rules), perSecond(rules));
// The segmenter alone on the same comments: the floor under the scrubber's rate on this machine.
const jieba = createJiebaSegmenter();
const floor = perSecond((text) => {
  jieba.tag(text);
  return text;
});
console.log(
  `\njieba tag alone: per_s=${Math.round(floor.cpu)} (per CPU second; wall clock ${Math.round(floor.wall)}/s)`,
);
const current = (text: string) => scrubCommentText(text).text;
const after = scoreScrubber(corpus, current);
const perS = perSecond(current);
table('after: rules + jieba segmenter (what the application uses)', after, perS);
console.log(
  `\nbench scrub: lines=${corpus.length} recall_min=${f(after.recallMin)} recall=${f(after.recall)} bait_kept=${f(after.baitKept)} per_s=${Math.round(perS.cpu)}`,
);
