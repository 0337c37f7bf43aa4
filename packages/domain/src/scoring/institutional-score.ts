// Superior review, third-party assessment, self-assessment and peer review: each source
// organisation scores indicators; per indicator the mean over sources, rolled up by the tree.
import { type IndicatorNode, normalise, rollUp } from './indicator-tree.ts';
import { type Estimate, meanEstimate } from './statistics.ts';

export interface SourceScores {
  sourceId: string;
  scores: ReadonlyMap<string, number>;
}

export function scoreInstitutionalChannel(
  tree: readonly IndicatorNode[],
  sources: readonly SourceScores[],
): Estimate & { indicators: Map<string, { mean: number; n: number }> } {
  const byId = new Map(tree.map((n) => [n.id, n]));
  const perIndicator = new Map<string, number[]>();
  const sorted = [...sources].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
  for (const source of sorted) {
    for (const [id, raw] of source.scores) {
      const node = byId.get(id);
      if (node) perIndicator.set(id, [...(perIndicator.get(id) ?? []), normalise(node, raw)]);
    }
  }
  const indicators = new Map(
    [...perIndicator].map(([id, v]) => [id, { mean: v.reduce((a, b) => a + b, 0) / v.length, n: v.length }]),
  );
  const { score } = rollUp(tree, new Map([...indicators].map(([id, v]) => [id, v.mean])));
  const perSource = sorted
    .map(
      (s) =>
        rollUp(
          tree,
          new Map(
            [...s.scores]
              .filter(([id]) => byId.has(id))
              .map(([id, raw]) => [id, normalise(byId.get(id) as IndicatorNode, raw)]),
          ),
        ).score,
    )
    .filter((x): x is number => x !== null);
  return { score, n: sorted.length, se: meanEstimate(perSource).se, indicators };
}
