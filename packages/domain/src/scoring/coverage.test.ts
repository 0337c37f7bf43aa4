import { describe, expect, it } from 'vitest';
import type { CycleInputs } from './compute-cycle.ts';
import { coverageWarnings, type WindowCoverage } from './coverage.ts';
import { DEFAULT_SCORING_POLICY } from './policy.ts';

const cycle = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
const months = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const m = from + i;
    const end = new Date(Date.UTC(2026, m, 0)).toISOString().slice(0, 10);
    return { start: `2026-${String(m).padStart(2, '0')}-01`, end };
  });
const q = (score: number) => new Map([['q', score]]);

function inputs(): CycleInputs {
  return {
    policy: { ...DEFAULT_SCORING_POLICY, minCitizenSample: 30 },
    units: [
      { id: 'U1', categoryId: 'K' },
      { id: 'U2', categoryId: 'K' },
    ],
    channelWeights: new Map([['K', { citizen: 60, representative: 40 }]]),
    trees: new Map([['K', [{ id: 'q', parentId: null, weight: 100, scaleMin: 0, scaleMax: 100 }]]]),
    citizen: new Map([
      ['U1', [{ servicePointId: 'A', verified: [0, 0, 0, 0, 0], unverified: [1, 2, 10, 20, 30] }]],
      ['U2', [{ servicePointId: 'B', verified: [0, 0, 0, 0, 0], unverified: [0, 0, 2, 3, 7] }]],
    ]) as CycleInputs['citizen'],
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
                { id: 'b1', scores: q(80), validity: 'valid' },
                { id: 'b2', scores: q(90), validity: 'valid' },
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
            { ballots: [{ id: 'b3', scores: q(80), validity: 'valid' }], invited: 4, submitted: 1 },
          ],
        ]),
      ],
    ]) as CycleInputs['panels'],
    institutional: new Map(),
    findings: new Map(),
    deductionRules: new Map(),
    spotChecks: new Map(),
  };
}

describe('coverageWarnings', () => {
  it('finds windows without volume, volumes that stop early, gaps, and periods that straddle the cycle', () => {
    const windows: WindowCoverage[] = [
      // Volumes Jan–Oct, ratings to 20 November.
      {
        servicePointId: 'A',
        unitId: 'U1',
        firstRating: '2026-01-03',
        lastRating: '2026-11-20',
        volumePeriods: months(1, 10),
      },
      // No volume at all.
      {
        servicePointId: 'B',
        unitId: 'U2',
        firstRating: '2026-02-01',
        lastRating: '2026-11-01',
        volumePeriods: [],
      },
      // Volumes from July only (and one period reaching into next year), ratings from March.
      {
        servicePointId: 'C',
        unitId: 'U2',
        firstRating: '2026-03-10',
        lastRating: '2026-12-20',
        volumePeriods: [...months(7, 11), { start: '2026-12-01', end: '2027-01-31' }],
      },
    ];
    const w = coverageWarnings(inputs(), cycle, windows);
    expect(w).toContainEqual({
      kind: 'volume_ends_before_ratings',
      unitId: 'U1',
      servicePointId: 'A',
      volumeUntil: '2026-10-31',
      ratingsUntil: '2026-11-20',
      action: 'weighted_by_recorded_volume',
    });
    expect(w).toContainEqual(
      expect.objectContaining({
        kind: 'window_without_volume',
        servicePointId: 'B',
        action: 'unit_weighted_by_ratings',
      }),
    );
    // 10 March – 30 June: 22 + 30 + 31 + 30 = 113 rated days without volume.
    expect(w).toContainEqual(
      expect.objectContaining({
        kind: 'window_volume_gap',
        servicePointId: 'C',
        days: 113,
        from: '2026-03-10',
        to: '2026-06-30',
      }),
    );
    expect(w).toContainEqual(
      expect.objectContaining({
        kind: 'volume_period_outside_cycle',
        servicePointId: 'C',
        start: '2026-12-01',
        action: 'period_ignored',
      }),
    );
    expect(w.filter((x) => x.kind === 'window_volume_gap' && x.servicePointId === 'A')).toEqual([]);
  });

  it('lists units below the minimum sample and panels below quorum or the minimum ballots, with what happens', () => {
    const w = coverageWarnings(inputs(), cycle, []);
    expect(w).toContainEqual({
      kind: 'citizen_below_minimum',
      unitId: 'U2',
      n: 12,
      min: 30,
      action: 'redistribute',
    });
    expect(w.some((x) => x.kind === 'citizen_below_minimum' && x.unitId === 'U1')).toBe(false);
    // U1: 2 of 2 submitted, but 2 < 3 ballots. U2: 1 of 4 is below the 60% quorum.
    expect(w).toContainEqual(
      expect.objectContaining({
        kind: 'panel_below_min_ballots',
        unitId: 'U1',
        ballots: 2,
        min: 3,
        action: 'not_counted',
      }),
    );
    expect(w).toContainEqual(
      expect.objectContaining({
        kind: 'panel_quorum_not_met',
        unitId: 'U2',
        invited: 4,
        submitted: 1,
        min: 3,
      }),
    );
    const strict = coverageWarnings(
      { ...inputs(), policy: { ...inputs().policy, insufficientSample: 'insufficient' } },
      cycle,
      [],
    );
    expect(strict).toContainEqual(
      expect.objectContaining({ kind: 'citizen_below_minimum', action: 'insufficient' }),
    );
  });
});
