import { describe, expect, it } from 'vitest';
import type { ServicePointRatings } from './citizen-score.ts';
import { type CycleInputs, computeCycle } from './compute-cycle.ts';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from './policy.ts';

type Counts = [number, number, number, number, number];
const none: Counts = [0, 0, 0, 0, 0];
const q = (score: number) => new Map([['q', score]]);

/** One category K with a one-indicator tree; channel weights citizen 50, representatives 30, superior 20. */
function smallCycle(policy: Partial<ScoringPolicy> = {}): CycleInputs {
  return {
    policy: {
      ...DEFAULT_SCORING_POLICY,
      minCitizenSample: 2,
      excellentQuota: 0.34,
      panelQuorum: 0.5,
      // The hand-computed panels have two ballots each.
      panelMinBallots: 2,
      ...policy,
    },
    units: [
      { id: 'U1', categoryId: 'K' },
      { id: 'U2', categoryId: 'K' },
      { id: 'U3', categoryId: 'K' },
    ],
    channelWeights: new Map([['K', { citizen: 50, representative: 30, superior: 20 }]]),
    trees: new Map([['K', [{ id: 'q', parentId: null, weight: 100, scaleMin: 0, scaleMax: 100 }]]]),
    citizen: new Map<string, ServicePointRatings[]>([
      ['U1', [{ servicePointId: 'A', verified: none, unverified: [0, 0, 0, 0, 4] }]],
      ['U2', [{ servicePointId: 'B', verified: none, unverified: [0, 0, 0, 0, 4] }]],
      ['U3', [{ servicePointId: 'C', verified: none, unverified: [0, 0, 0, 0, 1] }]],
    ]),
    volumes: new Map(),
    aspects: new Map(),
    panels: new Map([
      [
        'U1',
        new Map([
          [
            'representative',
            {
              ballots: [
                { id: 'b1', scores: q(90), validity: 'valid' },
                { id: 'b2', scores: q(80), validity: 'valid' },
              ],
              invited: 2,
              submitted: 2,
            },
          ],
        ]),
      ],
      [
        'U2',
        new Map([
          [
            'representative',
            {
              ballots: [
                { id: 'b3', scores: q(90), validity: 'valid' },
                { id: 'b4', scores: q(90), validity: 'valid' },
              ],
              invited: 2,
              submitted: 2,
            },
          ],
        ]),
      ],
      [
        'U3',
        new Map([
          [
            'representative',
            {
              ballots: [
                { id: 'b5', scores: q(60), validity: 'valid' },
                { id: 'b6', scores: q(50), validity: 'valid' },
              ],
              invited: 2,
              submitted: 2,
            },
          ],
        ]),
      ],
    ]) as CycleInputs['panels'],
    institutional: new Map([
      ['U1', new Map([['superior', [{ sourceId: 'S', scores: q(100) }]]])],
      ['U2', new Map([['superior', [{ sourceId: 'S', scores: q(80) }]]])],
      ['U3', new Map([['superior', [{ sourceId: 'S', scores: q(70) }]]])],
    ]) as CycleInputs['institutional'],
    findings: new Map([
      [
        'U3',
        [
          { type: 'eight_rules', count: 2 },
          { type: 'serious', count: 1 },
        ],
      ],
    ]),
    deductionRules: new Map([
      ['eight_rules', { points: 3, cap: 5, veto: false }],
      ['serious', { points: 0, cap: 0, veto: true }],
    ]),
    spotChecks: new Map(),
  };
}

describe('computeCycle (golden, computed by hand)', () => {
  const byId = new Map(computeCycle(smallCycle()).map((o) => [o.unitId, o]));

  it('U1: 0.5×100 + 0.3×85 + 0.2×100 = 95.5, 优秀, rank 1', () => {
    // Citizen: 4 × level 5 = 100. Panel: (90 + 80) / 2 = 85. Superior: 100.
    const u1 = byId.get('U1')!;
    expect(u1.composite).toBe(95.5);
    expect(u1.grade).toBe('excellent');
    expect(u1.rank).toBe(1);
    expect(u1.channels.find((c) => c.channel === 'representative')).toMatchObject({
      score: 85,
      effectiveWeight: 30,
      contribution: 25.5,
    });
  });

  it('U2: 0.5×100 + 0.3×90 + 0.2×80 = 93 ≥ 90, but the 优秀 quota (⌊0.34×3⌋ = 1) makes it 良好', () => {
    const u2 = byId.get('U2')!;
    expect(u2.composite).toBe(93);
    expect(u2.grade).toBe('good');
    expect(u2.flags).toContain('excellent_quota');
    expect(u2.rank).toBe(2);
  });

  it('U3: 1 citizen rating < minimum 2, so its weight is redistributed; deductions capped; veto', () => {
    // Panel (60 + 50) / 2 = 55 with weight 30/50 = 0.6; superior 70 with 20/50 = 0.4:
    // 0.6×55 + 0.4×70 = 33 + 28 = 61. Deductions: eight_rules 2 × 3 = 6, capped at 5 → 56.
    const u3 = byId.get('U3')!;
    expect(u3.composite).toBe(56);
    expect(u3.channels.find((c) => c.channel === 'citizen')).toMatchObject({
      status: 'insufficient_sample',
      effectiveWeight: 0,
    });
    expect(u3.channels.find((c) => c.channel === 'representative')?.effectiveWeight).toBe(60);
    expect(u3.deductions).toEqual([
      { type: 'eight_rules', count: 2, points: 5, veto: false },
      { type: 'serious', count: 1, points: 0, veto: true },
    ]);
    expect(u3.grade).toBe('poor');
    expect(u3.negativeList).toEqual(['poor_grade', 'veto']);
    expect(u3.flags).toContain('citizen_sample_below_minimum');
  });

  it('marks the unit insufficient instead when the policy says so', () => {
    const u3 = computeCycle(smallCycle({ insufficientSample: 'insufficient' })).find(
      (o) => o.unitId === 'U3',
    )!;
    expect(u3).toMatchObject({ insufficient: true, composite: null, grade: null, rank: null });
  });

  it('caps the grade of a vetoed unit whatever its score', () => {
    const inputs = smallCycle();
    const vetoed = computeCycle({
      ...inputs,
      findings: new Map([['U1', [{ type: 'serious', count: 1 }]]]),
    }).find((o) => o.unitId === 'U1')!;
    expect(vetoed.composite).toBe(95.5);
    expect(vetoed.grade).toBe('poor');
    expect(vetoed.flags).toContain('veto_grade_cap');
  });

  it('combines with spot checks by proportion', () => {
    // U1 year-end 95.5, spot checks 70 and 80 → 75; share 0.3: 0.7×95.5 + 0.3×75 = 66.85 + 22.5 = 89.35.
    const inputs = smallCycle({ spotCheckShare: 0.3 });
    const u1 = computeCycle({ ...inputs, spotChecks: new Map([['U1', [70, 80]]]) }).find(
      (o) => o.unitId === 'U1',
    )!;
    expect(u1.composite).toBe(89.35);
  });

  it('flags units whose grade changes when a channel weight moves by ±10%', () => {
    // U1 with citizens 88 (3 × level 4 = 80, 2 × level 5 = 100), panel 92, superior 100:
    // 0.5×88 + 0.3×92 + 0.2×100 = 44 + 27.6 + 20 = 91.6. With 优秀 from 91.5 and no quota:
    //   citizens +10%:  (55×88 + 30×92 + 20×100) / 105 = 9600 / 105 = 91.43 → 良好 (crosses)
    //   superior −10%:  (50×88 + 30×92 + 18×100) / 98  = 8960 / 98  = 91.43 → 良好 (crosses)
    //   citizens −10%:  (45×88 + 30×92 + 20×100) / 95  = 8720 / 95  = 91.79 → 优秀
    //   superior +10%:  (50×88 + 30×92 + 22×100) / 102 = 9360 / 102 = 91.76 → 优秀
    //   panel ±10%:     9436 / 103 = 91.61 and 8884 / 97 = 91.59 → 优秀
    const inputs = smallCycle({
      excellentQuota: null,
      gradeThresholds: { excellent: 91.5, good: 80, fair: 60 },
    });
    const edge: CycleInputs = {
      ...inputs,
      citizen: new Map([
        ...inputs.citizen,
        ['U1', [{ servicePointId: 'A', verified: none, unverified: [0, 0, 0, 3, 2] as Counts }]],
      ]),
      panels: new Map([
        ...inputs.panels,
        [
          'U1',
          new Map([
            [
              'representative',
              {
                ballots: [
                  { id: 'b1', scores: q(92), validity: 'valid' },
                  { id: 'b2', scores: q(92), validity: 'valid' },
                ],
                invited: 2,
                submitted: 2,
              },
            ],
          ]),
        ],
      ]) as CycleInputs['panels'],
    };
    const u1 = computeCycle(edge).find((o) => o.unitId === 'U1')!;
    expect(u1.composite).toBe(91.6);
    expect(u1.grade).toBe('excellent');
    expect(u1.flags).toContain('grade_sensitive:citizen+10%,superior-10%');
    // With 优秀 from 90 no move crosses a threshold, so nothing is flagged.
    const stable = computeCycle({
      ...edge,
      policy: { ...edge.policy, gradeThresholds: { excellent: 90, good: 80, fair: 60 } },
    }).find((o) => o.unitId === 'U1')!;
    expect(stable.flags.some((f) => f.startsWith('grade_sensitive'))).toBe(false);
  });
});

describe('computeCycle with the petition rule (信访意见)', () => {
  const petitions = new Map([
    ['U1', { complaints: 4, verified: 2, opinions: 1 }],
    ['U3', { complaints: 9, verified: 6, opinions: 2 }],
  ]);

  it('deducts points per verified complaint, capped, listed with the source counts', () => {
    const inputs = smallCycle({
      petitionRule: { mode: 'deduction', basis: 'count', pointsPer: 0.5, cap: 2, share: 0 },
    });
    const byId = new Map(computeCycle({ ...inputs, petitions }).map((o) => [o.unitId, o]));
    // U1: 2 × 0.5 = 1 → 95.5 − 1 = 94.5. U3: 6 × 0.5 = 3, capped at 2, besides eight_rules 5 → 61 − 7 = 54.
    expect(byId.get('U1')?.composite).toBe(94.5);
    expect(byId.get('U1')?.deductions).toEqual([{ type: 'petition', count: 2, points: 1, veto: false }]);
    expect(byId.get('U1')?.petition).toMatchObject({ complaints: 4, verified: 2, opinions: 1, points: 1 });
    expect(byId.get('U3')?.composite).toBe(54);
    expect(byId.get('U3')?.petition).toMatchObject({ points: 2, capped: true });
    // U2 has no opinion: nothing deducted, and the breakdown says so with zero counts.
    expect(byId.get('U2')?.composite).toBe(93);
    expect(byId.get('U2')?.petition).toMatchObject({ verified: 0, points: 0 });
  });

  it('charges per 10,000 served visits when the rule says so', () => {
    const inputs = smallCycle({
      petitionRule: { mode: 'deduction', basis: 'per_10k_visits', pointsPer: 1, cap: 10, share: 0 },
    });
    const u1 = computeCycle({ ...inputs, petitions, unitVisits: new Map([['U1', 40_000]]) }).find(
      (o) => o.unitId === 'U1',
    )!;
    // 2 verified per 40,000 visits = 0.5 per 10,000 → 0.5 points: 95.5 − 0.5 = 95.
    expect(u1.composite).toBe(95);
    expect(u1.petition).toMatchObject({ visits: 40_000, rate: 0.5, points: 0.5 });
  });

  it('the overall deduction cap holds petition and discipline deductions together', () => {
    const inputs = smallCycle({
      deductionCap: 6,
      petitionRule: { mode: 'deduction', basis: 'count', pointsPer: 1, cap: 5, share: 0 },
    });
    const u3 = computeCycle({ ...inputs, petitions }).find((o) => o.unitId === 'U3')!;
    // eight_rules 5 + petition 5 = 10, capped at 6: 61 − 6 = 55.
    expect(u3.deductionTotal).toBe(6);
    expect(u3.composite).toBe(55);
  });

  it('as an indicator score takes its share of the composite', () => {
    const inputs = smallCycle({
      petitionRule: { mode: 'indicator', basis: 'count', pointsPer: 10, cap: 50, share: 0.1 },
    });
    const byId = new Map(computeCycle({ ...inputs, petitions }).map((o) => [o.unitId, o]));
    // U1: petition score 100 − 20 = 80; 0.9 × 95.5 + 0.1 × 80 = 85.95 + 8 = 93.95.
    expect(byId.get('U1')?.composite).toBe(93.95);
    expect(byId.get('U1')?.petition).toMatchObject({ score: 80, points: 20 });
    expect(byId.get('U1')?.deductions).toEqual([]);
    // U2 without complaints scores 100 on it: 0.9 × 93 + 10 = 93.7.
    expect(byId.get('U2')?.composite).toBe(93.7);
  });
});

describe('computeCycle intervals (what each interval stands on)', () => {
  it('a single-source channel is fixed unless the policy assumes a standard error for it', () => {
    const fixed = computeCycle(smallCycle()).find((o) => o.unitId === 'U1')!;
    const superior = fixed.channels.find((c) => c.channel === 'superior')!;
    expect(superior.uncertainty).toEqual({ basis: 'fixed', se: 0 });
    expect(superior.ci).toEqual([100, 100]);
    expect(fixed.channels.find((c) => c.channel === 'citizen')?.uncertainty.basis).toBe('sampling');
    expect(fixed.channels.find((c) => c.channel === 'representative')?.uncertainty.basis).toBe(
      'between_ballots',
    );

    const assumed = computeCycle(smallCycle({ singleSourceSe: { superior: 5 } })).find(
      (o) => o.unitId === 'U1',
    )!;
    const sup = assumed.channels.find((c) => c.channel === 'superior')!;
    expect(sup.uncertainty).toEqual({ basis: 'assumed_se', se: 5 });
    // The composite's variance gains (0.2 × 5)² = 1: its interval widens by the assumption alone.
    const width = (o: typeof fixed) => (o.ci as [number, number])[1] - (o.ci as [number, number])[0];
    expect(width(assumed)).toBeGreaterThan(width(fixed));
    const seFixed = width(fixed) / (2 * 1.959963984540054);
    const seAssumed = width(assumed) / (2 * 1.959963984540054);
    expect(seAssumed ** 2 - seFixed ** 2).toBeCloseTo(1, 2);
  });

  it('a panel below the minimum number of ballots does not count, whatever its quorum', () => {
    // U1's panel: 2 ballots of 2 invited (quorum 100%), minimum 3: its weight goes to the others.
    const u1 = computeCycle(smallCycle({ panelMinBallots: 3 })).find((o) => o.unitId === 'U1')!;
    expect(u1.channels.find((c) => c.channel === 'representative')).toMatchObject({
      status: 'below_min_ballots',
      effectiveWeight: 0,
    });
    // (50 × 100 + 20 × 100) / 70 = 100.
    expect(u1.composite).toBe(100);
    expect(u1.flags).toContain('panel_below_min_ballots');
  });
});
