// `tsx tools/demo-results.ts [--ratings N] [--out FILE]`: seeds the demo into an in-memory PGlite,
// computes its cycle as the results screen would and prints one line per unit (score, grade, rank,
// interval, deductions), so a change to the method or the demo can be shown before and after.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gatherCycleInputs } from '../apps/api/src/outcomes/scoring-inputs.ts';
import { createDb } from '../packages/db/src/connect.ts';
import { seedDemo } from '../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../packages/db/src/migrate.ts';
import {
  loadCycleForScoring,
  ratedWindowSpans,
  volumePeriodsOverlapping,
} from '../packages/db/src/repositories/scoring-inputs.repository.ts';
import { computeCycle, coverageWarnings } from '../packages/domain/src/index.ts';
import { pinOutcomes } from '../tests/independent/demo-pin.ts';

const { values } = parseArgs({
  options: { ratings: { type: 'string' }, out: { type: 'string' }, golden: { type: 'string' } },
});
const db = createDb({ driver: 'pglite', dataDir: null });
await migrate(db);
const started = Date.now();
const plan = await seedDemo(db, { ratings: Number(values.ratings ?? 200_000) });
const seededS = (Date.now() - started) / 1000;
const cycle = await loadCycleForScoring(db, plan.cycle.id);
if (!cycle) throw new Error('no demo cycle');
const { inputs, unitNames } = await gatherCycleInputs(db, cycle);
const outcomes = computeCycle(inputs);
const codes = new Map(plan.units.map((u) => [u.id, u.code]));
const rows = outcomes
  .map((o) => ({
    code: codes.get(o.unitId) ?? o.unitId,
    name: unitNames.get(o.unitId),
    category: o.categoryId.slice(0, 8),
    composite: o.composite,
    ci: o.ci,
    grade: o.grade,
    rank: o.rank,
    rankRange: o.rankLow === null ? null : `${o.rankLow}-${o.rankHigh}`,
    deductions: o.deductionTotal,
    channels: Object.fromEntries(
      o.channels
        .filter((c) => c.status !== 'no_data')
        .map((c) => [
          c.channel,
          `${c.score}±${c.ci ? ((c.ci[1] - c.ci[0]) / 2).toFixed(2) : '-'} ${c.status}`,
        ]),
    ),
    flags: o.flags,
  }))
  .sort((a, b) => (a.code < b.code ? -1 : 1));
const text = JSON.stringify({ seededS, units: rows }, null, 1);
if (values.out) writeFileSync(values.out, text);
if (values.golden) writeFileSync(values.golden, `${JSON.stringify(pinOutcomes(outcomes, codes), null, 1)}\n`);
for (const r of rows)
  console.log(
    [
      r.code,
      r.name,
      r.composite,
      r.ci?.join('–'),
      r.grade,
      r.rank,
      r.rankRange,
      r.deductions,
      r.flags.join(','),
    ].join('\t'),
  );
const spans = await ratedWindowSpans(db, cycle);
const periods = await volumePeriodsOverlapping(db, cycle);
const coverage = coverageWarnings(
  inputs,
  { startsOn: cycle.starts_on, endsOn: cycle.ends_on },
  spans.map((w) => ({
    servicePointId: w.service_point_id,
    unitId: w.unit_id,
    firstRating: w.first_rating,
    lastRating: w.last_rating,
    volumePeriods: periods
      .filter((p) => p.service_point_id === w.service_point_id)
      .map((p) => ({ start: p.period_start, end: p.period_end })),
  })),
);
const windowName = new Map(spans.map((w) => [w.service_point_id, w.name]));
for (const w of coverage) {
  const { kind, unitId, ...rest } = w;
  const where = 'servicePointId' in w ? ` ${windowName.get(w.servicePointId)}` : '';
  console.log(
    `coverage\t${kind}\t${codes.get(unitId)}${where}\t${JSON.stringify({ ...rest, servicePointId: undefined })}`,
  );
}
console.log(`seeded in ${seededS.toFixed(1)} s`);
await db.destroy();
