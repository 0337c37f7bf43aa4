// The demo's results, pinned: seeded as `pnpm start` seeds it, computed as the results screen
// computes it, compared with the committed golden file (regenerate with
// `tsx tools/demo-results.ts --golden tests/independent/demo-results.golden.json` after a deliberate
// change, and say in the commit which units moved and why). The same data recomputed by
// recompute-cycle.ts, which shares no code with packages/domain/scoring, agrees to 0.01 points.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherCycleInputs } from '../../apps/api/src/outcomes/scoring-inputs.ts';
import { DEFAULT_DEMO_OPTIONS } from '../../packages/db/src/demo/demo-plan.ts';
import { seedDemo } from '../../packages/db/src/demo/seed-demo.ts';
import { loadCycleForScoring } from '../../packages/db/src/repositories/scoring-inputs.repository.ts';
import { openTestDatabase, type TestDatabase } from '../../packages/db/src/testing/test-database.ts';
import { computeCycle, type UnitOutcome } from '../../packages/domain/src/index.ts';
import { pinOutcomes } from './demo-pin.ts';
import { type Recomputed, recomputeCycle } from './recompute-cycle.ts';

/** The demo as `pnpm start` seeds it (DEMO_RATINGS' default). */
const DEMO_RATINGS = 200_000;

let t: TestDatabase;
let outcomes: UnitOutcome[];
let independent: Recomputed[];
let codeOf: Map<string, string>;

beforeAll(async () => {
  t = await openTestDatabase();
  const plan = await seedDemo(t.db, { ratings: DEMO_RATINGS, options: DEFAULT_DEMO_OPTIONS });
  codeOf = new Map(plan.units.map((u) => [u.id, u.code]));
  const cycle = await loadCycleForScoring(t.db, plan.cycle.id);
  if (!cycle) throw new Error('no demo cycle');
  outcomes = computeCycle((await gatherCycleInputs(t.db, cycle)).inputs);
  independent = await recomputeCycle(t.db, plan.cycle.id);
}, 600_000);
afterAll(() => t.close());

describe('the demo cycle', () => {
  it('gives the pinned results on every unit', () => {
    const golden = JSON.parse(readFileSync(new URL('./demo-results.golden.json', import.meta.url), 'utf8'));
    expect(pinOutcomes(outcomes, codeOf)).toEqual(golden);
  });

  it('agrees with an independent recomputation from the base tables to 0.01 points on every unit', () => {
    expect(independent).toHaveLength(outcomes.length);
    const mine = new Map(outcomes.map((o) => [o.unitId, o]));
    const off: string[] = [];
    let compared = 0;
    for (const r of independent) {
      const o = mine.get(r.unitId) as UnitOutcome;
      const code = codeOf.get(r.unitId);
      if (
        (o.composite === null) !== (r.composite === null) ||
        Math.abs((o.composite ?? 0) - (r.composite ?? 0)) > 0.01
      )
        off.push(`${code}: composite ${o.composite} vs ${r.composite}`);
      for (const [channel, score] of Object.entries(r.channels)) {
        const c = o.channels.find((x) => x.channel === channel);
        const counted = c && (c.status === 'counted' || c.status === 'not_weighted') ? c.score : null;
        if ((counted === null) !== (score === null) || Math.abs((counted ?? 0) - (score ?? 0)) > 0.01)
          off.push(`${code} ${channel}: ${counted} vs ${score}`);
        if (score !== null) compared++;
      }
    }
    expect(off).toEqual([]);
    // Not vacuous: most units have four or more scored channels.
    expect(compared).toBeGreaterThan(3 * outcomes.length);
  });

  it('exercises every path of the method on at least one unit', () => {
    const any = (test: (o: UnitOutcome) => boolean) => outcomes.some(test);
    const channel = (o: UnitOutcome, name: string) => o.channels.find((c) => c.channel === name);
    expect(any((o) => channel(o, 'citizen')?.status === 'insufficient_sample')).toBe(true);
    expect(any((o) => channel(o, 'citizen')?.detail.volumeWeighted === false)).toBe(true);
    expect(any((o) => channel(o, 'self')?.status === 'counted')).toBe(true);
    expect(any((o) => channel(o, 'peer')?.uncertainty.basis === 'between_sources')).toBe(true);
    expect(any((o) => o.spotCheck !== null)).toBe(true);
    expect(any((o) => (channel(o, 'representative')?.detail.voidBallots as number) > 0)).toBe(true);
    expect(any((o) => (channel(o, 'representative')?.detail.suspiciousBallots as number) > 0)).toBe(true);
    expect(
      any((o) => o.channels.some((c) => c.status === 'below_min_ballots' && c.configuredWeight > 0)),
    ).toBe(true);
    expect(any((o) => o.channels.some((c) => c.status === 'quorum_not_met'))).toBe(true);
    expect(any((o) => o.deductions.reduce((a, d) => a + d.points, 0) > o.deductionTotal)).toBe(true);
    expect(any((o) => o.veto)).toBe(true);
    expect(any((o) => (o.petition?.points ?? 0) > 0)).toBe(true);
    expect(any((o) => channel(o, 'superior')?.uncertainty.basis === 'assumed_se')).toBe(true);
    expect(any((o) => channel(o, 'third_party')?.uncertainty.basis === 'fixed')).toBe(true);
  });

  it('counts released ratings and leaves out quarantined, rejected and malicious ones', async () => {
    const { rows } = await (await import('kysely')).sql<{ state: string; malicious: boolean; n: number }>`
      SELECT quarantine_state AS state, malicious, count(*)::int AS n FROM citizen_rating GROUP BY 1, 2`.execute(
      t.db,
    );
    const n = (state: string, malicious = false) =>
      rows.find((r) => r.state === state && r.malicious === malicious)?.n ?? 0;
    for (const state of ['quarantined', 'released', 'rejected']) expect(n(state)).toBeGreaterThan(0);
    expect(n('none', true)).toBeGreaterThan(0);
    const counted = outcomes.reduce(
      (a, o) => a + (o.channels.find((c) => c.channel === 'citizen')?.n ?? 0),
      0,
    );
    expect(counted).toBe(n('none') + n('released'));
  });
});
