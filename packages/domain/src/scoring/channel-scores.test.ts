import { describe, expect, it } from 'vitest';
import type { IndicatorNode } from './indicator-tree.ts';
import { rollUp } from './indicator-tree.ts';
import { scoreInstitutionalChannel } from './institutional-score.ts';
import { scorePanelChannel } from './panel-score.ts';
import { DEFAULT_SCORING_POLICY as policy } from './policy.ts';

// Two dimensions: D1 (weight 60) with leaves a (50) and b (50); D2 (weight 40) with leaf c (100).
// Leaves a and b are scored 0–10, c is scored 0–100.
const tree: IndicatorNode[] = [
  { id: 'D1', parentId: null, weight: 60, scaleMin: 0, scaleMax: 100 },
  { id: 'D2', parentId: null, weight: 40, scaleMin: 0, scaleMax: 100 },
  { id: 'a', parentId: 'D1', weight: 50, scaleMin: 0, scaleMax: 10 },
  { id: 'b', parentId: 'D1', weight: 50, scaleMin: 0, scaleMax: 10 },
  { id: 'c', parentId: 'D2', weight: 100, scaleMin: 0, scaleMax: 100 },
];
const ballot = (id: string, a: number, b: number, c: number) => ({
  id,
  scores: new Map([
    ['a', a],
    ['b', b],
    ['c', c],
  ]),
  validity: 'valid' as const,
});

describe('rollUp (golden)', () => {
  it('weights siblings and renormalises around a missing indicator', () => {
    // a = 80, b = 60 → D1 = 70; c = 90 → D2 = 90; total = 0.6×70 + 0.4×90 = 78.
    expect(
      rollUp(
        tree,
        new Map([
          ['a', 80],
          ['b', 60],
          ['c', 90],
        ]),
      ).score,
    ).toBeCloseTo(78, 10);
    // Without b: D1 = 80 → 0.6×80 + 0.4×90 = 84.
    expect(
      rollUp(
        tree,
        new Map([
          ['a', 80],
          ['c', 90],
        ]),
      ).score,
    ).toBeCloseTo(84, 10);
  });
});

describe('scorePanelChannel (golden)', () => {
  it('drops the highest and lowest per indicator above five ballots', () => {
    // Six ballots; a: 10,9,8,8,7,2 (×10 → 100,90,80,80,70,20) trimmed → 90,80,80,70 → 80.
    // b: all 6 → 60. c: 100,90,90,90,90,50 trimmed → 90,90,90,90 → 90.
    // D1 = (80+60)/2 = 70; D2 = 90; score = 0.6×70 + 0.4×90 = 78.
    const ballots = [
      ballot('1', 10, 6, 100),
      ballot('2', 9, 6, 90),
      ballot('3', 8, 6, 90),
      ballot('4', 8, 6, 90),
      ballot('5', 7, 6, 90),
      ballot('6', 2, 6, 50),
    ];
    const result = scorePanelChannel(tree, ballots, { invited: 8, submitted: 6 }, policy);
    expect(result.score).toBeCloseTo(78, 10);
    expect(result.indicators.get('a')).toEqual({ mean: 80, n: 6, trimmed: true });
    expect(result.quorumMet).toBe(true);
  });

  it('does not trim five ballots, and does not count a panel below quorum', () => {
    const five = [
      ballot('1', 10, 5, 50),
      ballot('2', 0, 5, 50),
      ballot('3', 5, 5, 50),
      ballot('4', 5, 5, 50),
      ballot('5', 5, 5, 50),
    ];
    // a: 100,0,50,50,50 → mean 50; b 50; c 50 → 50.
    expect(scorePanelChannel(tree, five, { invited: 5, submitted: 5 }, policy).score).toBeCloseTo(50, 10);
    // 5 of 10 invitees = 50% < 60% quorum.
    const below = scorePanelChannel(tree, five, { invited: 10, submitted: 5 }, policy);
    expect(below).toMatchObject({ score: null, quorumMet: false });
  });

  it('flags all-identical and all-maximum ballots, or voids them by policy', () => {
    const ballots = [ballot('same', 7, 7, 70), ballot('max', 10, 10, 100), ballot('ok', 8, 6, 70)];
    const flagged = scorePanelChannel(tree, ballots, { invited: 3, submitted: 3 }, policy);
    expect(flagged.suspiciousBallots.sort()).toEqual(['max', 'same']);
    expect(flagged.n).toBe(3);
    const voided = scorePanelChannel(
      tree,
      ballots,
      { invited: 3, submitted: 3 },
      { ...policy, suspiciousBallots: 'void' },
    );
    expect(voided.n).toBe(1);
    // Only 'ok' counts: a 80, b 60 → D1 70; c 70 → 0.6×70 + 0.4×70 = 70.
    expect(voided.score).toBeCloseTo(70, 10);
  });
});

describe('scoreInstitutionalChannel (golden)', () => {
  it('averages sources per indicator, then rolls up', () => {
    // Source X: a 9, b 7, c 80. Source Y: a 7, b 9, c 100. Means: a 80, b 80, c 90.
    // D1 = 80, D2 = 90 → 0.6×80 + 0.4×90 = 84.
    const result = scoreInstitutionalChannel(tree, [
      {
        sourceId: 'X',
        scores: new Map([
          ['a', 9],
          ['b', 7],
          ['c', 80],
        ]),
      },
      {
        sourceId: 'Y',
        scores: new Map([
          ['a', 7],
          ['b', 9],
          ['c', 100],
        ]),
      },
    ]);
    expect(result.score).toBeCloseTo(84, 10);
    expect(result.n).toBe(2);
  });
});

describe('scorePanelChannel interval (from the ballots that make the trimmed score)', () => {
  const flat: IndicatorNode[] = [{ id: 'q', parentId: null, weight: 100, scaleMin: 0, scaleMax: 100 }];
  const one = (id: string, q: number) => ({ id, scores: new Map([['q', q]]), validity: 'valid' as const });
  const seven = [10, 70, 72, 74, 76, 78, 100].map((v, i) => one(`b${i}`, v));

  it("uses Yuen's trimmed-mean standard error: extremes winsorised, h = ballots kept", () => {
    // Trimmed (7 > 5): kept 70…78, mean 74. Winsorised: 70 70 72 74 76 78 78, mean 74,
    // s_w² = (16+16+4+0+4+16+16)/6 = 12; se² = (n−1)·s_w²/(h(h−1)) = 6·12/(5·4) = 3.6.
    const r = scorePanelChannel(flat, seven, { invited: 7, submitted: 7 }, policy);
    expect(r.score).toBeCloseTo(74, 10);
    expect(r.se).toBeCloseTo(Math.sqrt(3.6), 10);
    // The untrimmed ballots' spread (what the interval used before) is far wider than the score's.
    const raw = [10, 70, 72, 74, 76, 78, 100];
    const m = raw.reduce((a, b) => a + b, 0) / 7;
    const rawSe = Math.sqrt(raw.reduce((a, v) => a + (v - m) ** 2, 0) / 6 / 7);
    expect(rawSe).toBeGreaterThan(3 * (r.se as number));
  });

  it('without trimming it is the plain standard error of the mean', () => {
    const r = scorePanelChannel(
      flat,
      [one('x', 60), one('y', 80), one('z', 70)],
      { invited: 3, submitted: 3 },
      policy,
    );
    // mean 70, s² = 100, se = √(100/3).
    expect(r.se).toBeCloseTo(Math.sqrt(100 / 3), 10);
  });
});
