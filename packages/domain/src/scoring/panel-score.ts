// Panel channels (representatives, special supervisors): per indicator the mean of the
// ballots, dropping the highest and the lowest when there are enough ballots (去掉最高分和
// 最低分); counted only when the quorum of invitees submitted; suspicious ballots (all scores
// identical, or all at the maximum) flagged or void as the policy says.
import { type IndicatorNode, normalise, rollUp } from './indicator-tree.ts';
import type { ScoringPolicy } from './policy.ts';
import type { Estimate } from './statistics.ts';

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
  return {
    score: quorumMet ? score : null,
    n: counted.length,
    se: quorumMet ? trimmedSe(tree, byId, counted, perIndicator, policy.panelTrimAbove) : null,
    invited: participation.invited,
    submitted: participation.submitted,
    quorumMet,
    suspiciousBallots: suspicious,
    voidBallots: voided,
    indicators,
  };
}

/**
 * The standard error of the score the panel gives, which drops each indicator's highest and lowest
 * ballot above the trim threshold: Yuen's standard error of a trimmed mean. Each ballot is rolled up
 * with its scores winsorised (a dropped extreme replaced by the nearest kept score of that indicator),
 * and the spread of those totals over h = ballots kept per indicator gives
 * se² = (n − 1)·s_w² / (h·(h − 1)). Without trimming it is the plain standard error of the mean.
 */
function trimmedSe(
  tree: readonly IndicatorNode[],
  byId: ReadonlyMap<string, IndicatorNode>,
  counted: readonly PanelBallot[],
  perIndicator: ReadonlyMap<string, number[]>,
  trimAbove: number,
): number | null {
  const bounds = new Map<string, [number, number]>();
  for (const [id, values] of perIndicator) {
    const sorted = [...values].sort((a, b) => a - b);
    if (sorted.length > trimAbove) bounds.set(id, [sorted[1] as number, sorted[sorted.length - 2] as number]);
  }
  const totals = counted
    .map(
      (b) =>
        rollUp(
          tree,
          new Map(
            [...b.scores]
              .filter(([id]) => byId.has(id))
              .map(([id, raw]) => {
                const v = normalise(byId.get(id) as IndicatorNode, raw);
                const bound = bounds.get(id);
                return [id, bound ? Math.min(bound[1], Math.max(bound[0], v)) : v];
              }),
          ),
        ).score,
    )
    .filter((s): s is number => s !== null);
  const n = totals.length;
  const h = counted.length > trimAbove ? n - 2 : n;
  if (n < 2 || h < 2) return null;
  const mean = totals.reduce((a, b) => a + b, 0) / n;
  const sw2 = totals.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(((n - 1) * sw2) / (h * (h - 1)));
}
