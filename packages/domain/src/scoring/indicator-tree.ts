// Rolls indicator scores up an indicator tree by the siblings' weights. Each score is first
// mapped from the indicator's scale to 0–100. A node without any score is left out and its
// siblings' weights are renormalised, so a missing opinion on one indicator does not count as 0.

export interface IndicatorNode {
  id: string;
  parentId: string | null;
  weight: number;
  scaleMin: number;
  scaleMax: number;
}

export function normalise(node: IndicatorNode, raw: number): number {
  return ((raw - node.scaleMin) / (node.scaleMax - node.scaleMin)) * 100;
}

export interface RollUp {
  /** 0–100, null when no indicator had a score. */
  score: number | null;
  /** Score per node (0–100), for the breakdown. */
  nodes: Map<string, number>;
}

/** `leafScores` are already on 0–100. */
export function rollUp(tree: readonly IndicatorNode[], leafScores: ReadonlyMap<string, number>): RollUp {
  const children = new Map<string | null, IndicatorNode[]>();
  for (const node of tree) {
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  const nodes = new Map<string, number>();
  const visit = (node: IndicatorNode): number | null => {
    const kids = children.get(node.id) ?? [];
    const score =
      kids.length === 0 ? (leafScores.get(node.id) ?? null) : combine(kids.map((k) => [k.weight, visit(k)]));
    if (score !== null) nodes.set(node.id, score);
    return score;
  };
  const roots = children.get(null) ?? [];
  return { score: combine(roots.map((r) => [r.weight, visit(r)])), nodes };
}

function combine(parts: [number, number | null][]): number | null {
  const present = parts.filter((p): p is [number, number] => p[1] !== null && p[0] > 0);
  const weight = present.reduce((a, [w]) => a + w, 0);
  if (weight === 0) return null;
  return present.reduce((a, [w, s]) => a + w * s, 0) / weight;
}
