// `pnpm seed [--ratings N]`: seeds the demo into an empty database (the fixture benchmarks scale up).
import { parseArgs } from 'node:util';
import { openDatabase } from '../apps/api/src/boot.ts';
import { parseConfig } from '../apps/api/src/config.ts';
import { isDatabaseEmpty, seedDemo } from '../packages/db/src/demo/seed-demo.ts';
import { migrate } from '../packages/db/src/migrate.ts';

const { values } = parseArgs({ options: { ratings: { type: 'string' }, units: { type: 'string' } } });
const ratings = Number(values.ratings ?? 200_000);
const multiplier = Number(values.units ?? 1);
if (!Number.isInteger(ratings) || ratings < 0 || !Number.isInteger(multiplier) || multiplier < 1) {
  console.error('usage: pnpm seed [--ratings N ≥ 0] [--units MULTIPLIER ≥ 1]');
  process.exit(2);
}
const db = openDatabase(parseConfig(process.env));
await migrate(db);
if (!(await isDatabaseEmpty(db))) {
  console.error('the database is not empty; seed only into a new database');
  process.exit(1);
}
const started = Date.now();
await seedDemo(db, {
  ratings,
  options: { seed: 20_260_101, unitMultiplier: multiplier, representatives: 30 },
  onProgress: (n) => {
    if (n % 100_000 === 0) console.log(`${n.toLocaleString('en')} ratings`);
  },
});
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await db.destroy();
