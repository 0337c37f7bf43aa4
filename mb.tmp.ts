import { randomUUID } from 'node:crypto';
import { createDb } from './packages/db/src/connect.ts';
import { writeRatingBatch } from './packages/db/src/repositories/rating-ingest.repository.ts';

const url = 'postgres://postgres@127.0.0.1:55440/kmb';
const db = createDb({ driver: 'postgres', url, poolSize: 4 });
const t = await db
  .selectFrom('service_point as sp')
  .innerJoin('unit as u', 'u.id', 'sp.unit_id')
  .innerJoin('cycle as c', 'c.organiser_id', 'u.organiser_id')
  .select(['sp.id as sp', 'u.id as unit', 'c.id as cycle'])
  .executeTakeFirstOrThrow();
const now = new Date();
const minute = new Date(Math.floor(now.getTime() / 60000) * 60000);
async function one() {
  const ratings = Array.from({ length: 25 }, (_, n) => ({
    cycleId: t.cycle,
    unitId: t.unit,
    servicePointId: t.sp,
    source: 'window_qr' as const,
    verified: false,
    visitTokenId: null,
    deviceId: null,
    overall: 1 + (n % 5),
    aspects: { efficiency: 4, attitude: 2 },
    comment: `c ${n}`,
    quarantineReason: null,
    idempotencyKey: randomUUID(),
    caseDueOn: n % 5 < 2 ? '2026-12-10' : null,
    phoneEncrypted: null,
    now,
    visitTokenHash: null,
  }));
  const bumps = ratings
    .flatMap((r) => [{ bucket: `ans:${r.idempotencyKey}`, windowStart: minute, by: 1 }])
    .concat([
      { bucket: `sp:${t.sp}`, windowStart: minute, by: 25 },
      { bucket: `ip:${t.sp}:x`, windowStart: minute, by: 25 },
    ]);
  await writeRatingBatch(db, { keys: ratings.map((r) => r.idempotencyKey), bumps }, () => ({
    ratings,
    context: null,
  }));
}
for (let i = 0; i < 50; i++) await one();
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < 400; i++) await one();
const c = process.cpuUsage(c0);
console.log(
  `per batch: wall ${((performance.now() - t0) / 400).toFixed(2)} ms, node cpu ${((c.user + c.system) / 1000 / 400).toFixed(3)} ms (sys ${(c.system / 1000 / 400).toFixed(3)})`,
);
await db.destroy();
