import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { type CycleInputs, computeCycle } from './compute-cycle.ts';
import { DEFAULT_SCORING_POLICY } from './policy.ts';

type Counts = [number, number, number, number, number];

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
