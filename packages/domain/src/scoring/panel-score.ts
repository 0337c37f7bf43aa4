// Panel channels (representatives, special supervisors): per indicator the mean of the
// ballots, dropping the highest and the lowest when there are enough ballots (去掉最高分和
// 最低分); counted only when the quorum of invitees submitted; suspicious ballots (all scores
// identical, or all at the maximum) flagged or void as the policy says.
import { type IndicatorNode, normalise, rollUp } from './indicator-tree.ts';
import type { ScoringPolicy } from './policy.ts';
import { type Estimate, meanEstimate } from './statistics.ts';

export interface PanelBallot {
  id: string;
  /** Raw scores on each indicator's own scale. */
  scores: ReadonlyMap<string, number>;
  /** As recorded: an organiser may already have voided a ballot. */
  validity: 'valid' | 'flagged' | 'void';
}

export interface PanelResult extends Estimate {
  invited: number;
  submitted: number;
  quorumMet: boolean;
  suspiciousBallots: string[];
  voidBallots: string[];
  indicators: Map<string, { mean: number; n: number; trimmed: boolean }>;
}

export function isSuspicious(ballot: PanelBallot, leaves: ReadonlyMap<string, IndicatorNode>): boolean {
  const values = [...ballot.scores].map(([id, raw]) => {
    const node = leaves.get(id);
    return node ? normalise(node, raw) : raw;
  });
  if (values.length < 2) return false;
  return values.every((v) => v === values[0]) || values.every((v) => v >= 100);
}

export function scorePanelChannel(
  tree: readonly IndicatorNode[],
  ballots: readonly PanelBallot[],
  participation: { invited: number; submitted: number },
  policy: ScoringPolicy,
): PanelResult {
  const byId = new Map(tree.map((n) => [n.id, n]));
  const suspicious = ballots.filter((b) => b.validity !== 'void' && isSuspicious(b, byId)).map((b) => b.id);
  const voided = ballots
    .filter(
      (b) => b.validity === 'void' || (policy.suspiciousBallots === 'void' && suspicious.includes(b.id)),
    )
    .map((b) => b.id);
  const counted = ballots.filter((b) => !voided.includes(b.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const quorumMet =
    participation.invited > 0 && participation.submitted / participation.invited >= policy.panelQuorum;

  const indicators = new Map<string, { mean: number; n: number; trimmed: boolean }>();
  const perIndicator = new Map<string, number[]>();
  for (const ballot of counted) {
    for (const [id, raw] of ballot.scores) {
      const node = byId.get(id);
      if (!node) continue;
      perIndicator.set(id, [...(perIndicator.get(id) ?? []), normalise(node, raw)]);
    }
  }
  for (const [id, values] of perIndicator) {
    const sorted = [...values].sort((a, b) => a - b);
    const trimmed = sorted.length > policy.panelTrimAbove;
    const kept = trimmed ? sorted.slice(1, -1) : sorted;
    indicators.set(id, { mean: kept.reduce((a, b) => a + b, 0) / kept.length, n: values.length, trimmed });
  }
  const leafMeans = new Map([...indicators].map(([id, v]) => [id, v.mean]));
  const { score } = rollUp(tree, leafMeans);
  // The uncertainty comes from how much the ballots disagree: each ballot rolled up alone.
  const ballotTotals = counted
    .map(
      (b) =>
        rollUp(
          tree,
          new Map(
            [...b.scores]
              .filter(([id]) => byId.has(id))
              .map(([id, raw]) => [id, normalise(byId.get(id) as IndicatorNode, raw)]),
          ),
        ).score,
    )
    .filter((s): s is number => s !== null);
  const spread = meanEstimate(ballotTotals);
  return {
    score: quorumMet ? score : null,
    n: counted.length,
    se: quorumMet ? spread.se : null,
    invited: participation.invited,
    submitted: participation.submitted,
    quorumMet,
    suspiciousBallots: suspicious,
    voidBallots: voided,
    indicators,
  };
}
