import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
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
    // Citizen ×1.1 → weights 55/30/20 of 105: U2 = (55×100 + 30×90 + 20×80)/105 = 9800/105 = 93.33 (no change);
    // a unit near a threshold is needed: put U1 just above 90 on its citizen score.
    const inputs = smallCycle({ excellentQuota: null });
    const near = {
      ...inputs,
      citizen: new Map([
        ...inputs.citizen,
        ['U1', [{ servicePointId: 'A', verified: none, unverified: [0, 0, 0, 2, 2] as Counts }]],
      ]),
    };
    // U1: citizen (2×80 + 2×100)/4 = 90 → 0.5×90 + 0.3×85 + 0.2×100 = 45 + 25.5 + 20 = 90.5: 优秀.
    // Representatives −10%: (50×90 + 27×85 + 20×100)/97 = 8795/97 = 90.67 (still 优秀);
    // superior −10%: (50×90 + 30×85 + 18×100)/98 = 8850/98 = 90.31; citizen +10%:
    // (55×90 + 30×85 + 20×100)/105 = 9500/105 = 90.48; representatives +10%: (50×90 + 33×85 + 20×100)/103 = 9305/103 = 90.34.
    // None crosses 90, so no flag; move U1's panel down to 80 → composite 0.5×90 + 0.3×80 + 0.2×100 = 89 (良好),
    // superior +10%: (50×90 + 30×80 + 22×100)/102 = 9100/102 = 89.2; citizen −10%: (45×90 + 30×80 + 20×100)/95 = 8450/95 = 88.9.
    const u1 = computeCycle(near).find((o) => o.unitId === 'U1')!;
    expect(u1.composite).toBe(90.5);
    expect(u1.flags.some((f) => f.startsWith('grade_sensitive'))).toBe(false);
    // Now a unit exactly on the edge: citizen 88 (weights 50) + panel 92 + superior 92 → 44 + 27.6 + 18.4 = 90.
    const edge = {
      ...near,
      citizen: new Map([
        ...near.citizen,
        ['U1', [{ servicePointId: 'A', verified: none, unverified: [0, 0, 0, 3, 2] as Counts }]],
      ]),
    };
    // Citizen (3×80 + 2×100)/5 = 88; composite = 44 + 25.5 + 20 = 89.5 (良好).
    // Citizen −10%: (45×88 + 30×85 + 20×100)/95 = 8510/95 = 89.58; superior +10%: (50×88 + 30×85 + 22×100)/102 = 9150/102 = 89.71.
    // Still 良好 everywhere → not sensitive; the flag needs a real crossing:
    const crossing = {
      ...edge,
      institutional: new Map([
        ...edge.institutional,
        ['U1', new Map([['superior', [{ sourceId: 'S', scores: q(100) }]]])],
      ]),
      panels: new Map([
        ...edge.panels,
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
      ]),
    } as CycleInputs;
    // U1: 0.5×88 + 0.3×92 + 0.2×100 = 44 + 27.6 + 20 = 91.6 (优秀); citizen +10%: (55×88 + 30×92 + 20×100)/105 = 9600/105 = 91.43 — still 优秀.
    // Superior −10%: (50×88 + 30×92 + 18×100)/98 = 8960/98 = 91.43. The grade is stable: no flag.
    const stable = computeCycle(crossing).find((o) => o.unitId === 'U1')!;
    expect(stable.composite).toBe(91.6);
    expect(stable.flags.some((f) => f.startsWith('grade_sensitive'))).toBe(false);
    // Lower the threshold to 91.5 so ±10% moves cross it: citizen +10% gives 91.43 < 91.5 → 良好.
    const sensitive = computeCycle({
      ...crossing,
      policy: { ...crossing.policy, gradeThresholds: { excellent: 91.5, good: 80, fair: 60 } },
    }).find((o) => o.unitId === 'U1')!;
    expect(sensitive.grade).toBe('excellent');
    expect(sensitive.flags.find((f) => f.startsWith('grade_sensitive'))).toBe(
      'grade_sensitive:citizen+10%,superior-10%',
    );
  });
});

describe('computeCycle (properties)', () => {
  function randomCycle(seed: number): CycleInputs {
    const r = createRandom(seed);
    const units = Array.from({ length: 12 }, (_, i) => ({
      id: `U${String(i).padStart(2, '0')}`,
      categoryId: i % 2 === 0 ? 'K1' : 'K2',
    }));
    const counts = (): Counts => [r.int(0, 3), r.int(0, 4), r.int(0, 8), r.int(0, 12), r.int(0, 20)];
    return {
      policy: { ...DEFAULT_SCORING_POLICY, minCitizenSample: 10, panelQuorum: 0.5 },
      units,
      channelWeights: new Map([
        ['K1', { citizen: 40, representative: 30, superior: 30 }],
        ['K2', { citizen: 60, representative: 20, third_party: 20 }],
      ]),
      trees: new Map(
        ['K1', 'K2'].map((k) => [
          k,
          [
            { id: 'd', parentId: null, weight: 100, scaleMin: 0, scaleMax: 100 },
            { id: 'x', parentId: 'd', weight: 40, scaleMin: 0, scaleMax: 10 },
            { id: 'y', parentId: 'd', weight: 60, scaleMin: 0, scaleMax: 10 },
          ],
        ]),
      ),
      citizen: new Map(
        units.map((u) => [
          u.id,
          Array.from({ length: r.int(1, 3) }, (_, s) => ({
            servicePointId: `${u.id}-sp${s}`,
            verified: counts(),
            unverified: counts(),
          })),
        ]),
      ),
      volumes: new Map(
        units.flatMap((u) => [0, 1, 2].map((s) => [`${u.id}-sp${s}`, r.int(50, 5000)] as [string, number])),
      ),
      aspects: new Map(),
      panels: new Map(
        units.map((u) => [
          u.id,
          new Map([
            [
              'representative',
              {
                ballots: Array.from({ length: r.int(2, 8) }, (_, b) => ({
                  id: `${u.id}-b${b}`,
                  scores: new Map([
                    ['x', r.int(3, 10)],
                    ['y', r.int(3, 10)],
                  ]),
                  validity: 'valid' as const,
                })),
                invited: 8,
                submitted: 8,
              },
            ],
          ]),
        ]),
      ) as CycleInputs['panels'],
      institutional: new Map(
        units.map((u) => [
          u.id,
          new Map([
            [
              'superior',
              [
                {
                  sourceId: 'S',
                  scores: new Map([
                    ['x', r.int(5, 10)],
                    ['y', r.int(5, 10)],
                  ]),
                },
              ],
            ],
            [
              'third_party',
              [
                {
                  sourceId: 'T',
                  scores: new Map([
                    ['x', r.int(5, 10)],
                    ['y', r.int(5, 10)],
                  ]),
                },
              ],
            ],
          ]),
        ]),
      ) as CycleInputs['institutional'],
      findings: new Map(
        units.filter(() => r.next() < 0.3).map((u) => [u.id, [{ type: 'f', count: r.int(1, 3) }]]),
      ),
      deductionRules: new Map([['f', { points: 2, cap: 4, veto: false }]]),
      spotChecks: new Map(),
    };
  }

  it('a better rating never lowers its unit’s score', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const inputs = randomCycle(seed);
      const r = createRandom(seed * 31);
      const unit = inputs.units[r.int(0, inputs.units.length - 1)]!.id;
      const points = (inputs.citizen.get(unit) ?? []).map((p) => ({
        ...p,
        unverified: [...p.unverified] as Counts,
      }));
      const target = points[r.int(0, points.length - 1)]!;
      const from = [0, 1, 2, 3].filter((l) => target.unverified[l]! > 0);
      if (from.length === 0) continue;
      const level = from[r.int(0, from.length - 1)]!;
      target.unverified[level]!--;
      target.unverified[level + 1]!++;
      const before = computeCycle(inputs).find((o) => o.unitId === unit)!;
      const after = computeCycle({ ...inputs, citizen: new Map([...inputs.citizen, [unit, points]]) }).find(
        (o) => o.unitId === unit,
      )!;
      const cBefore = before.channels.find((c) => c.channel === 'citizen')!.score!;
      const cAfter = after.channels.find((c) => c.channel === 'citizen')!.score!;
      expect(cAfter).toBeGreaterThanOrEqual(cBefore);
      if (before.composite !== null && after.composite !== null)
        expect(after.composite).toBeGreaterThanOrEqual(before.composite);
    }
  });

  it('does not depend on the order of its inputs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const inputs = randomCycle(seed);
      const r = createRandom(seed + 1000);
      const shuffle = <T>(items: readonly T[]): T[] => {
        const a = [...items];
        for (let i = a.length - 1; i > 0; i--) {
          const j = r.int(0, i);
          [a[i], a[j]] = [a[j] as T, a[i] as T];
        }
        return a;
      };
      const shuffled: CycleInputs = {
        ...inputs,
        units: shuffle(inputs.units),
        citizen: new Map(shuffle([...inputs.citizen]).map(([k, v]) => [k, shuffle(v)])),
        panels: new Map(
          shuffle([...inputs.panels]).map(([k, v]) => [
            k,
            new Map([...v].map(([c, p]) => [c, { ...p, ballots: shuffle(p.ballots) }])),
          ]),
        ) as CycleInputs['panels'],
      };
      const sort = (o: ReturnType<typeof computeCycle>) =>
        [...o].sort((a, b) => (a.unitId < b.unitId ? -1 : 1));
      expect(sort(computeCycle(shuffled))).toEqual(sort(computeCycle(inputs)));
    }
  });

  it('makes the effective channel weights of every scored unit sum to 100%', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const o of computeCycle(randomCycle(seed))) {
        if (o.composite === null) continue;
        const sum = o.channels.reduce((a, c) => a + c.effectiveWeight, 0);
        expect(sum).toBeCloseTo(100, 2);
        // …and the contributions add up to the year-end score.
        expect(o.channels.reduce((a, c) => a + c.contribution, 0)).toBeCloseTo(o.yearEnd as number, 2);
      }
    }
  });
});
