import { liveStandingsResponseSchema, revisionUnitsResponseSchema } from '@kaimen/contracts';
import { seedDemo } from '@kaimen/db/demo/seed-demo';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';
import { resetStandingsModels } from './standings.service.ts';

let t: TestApp;
let organiser: Record<string, string>;
let cycleId: string;
const PASSWORD = 'kaimen-demo-2026';

beforeAll(async () => {
  t = await openTestApp();
  const plan = await seedDemo(t.db, { ratings: 6000 });
  cycleId = plan.cycle.id;
  organiser = await signInAs(t, 'organiser', PASSWORD);
}, 120_000);
afterAll(() => t.close());

const standings = async () =>
  liveStandingsResponseSchema.parse(
    await (await t.app.request(`/v1/cycles/${cycleId}/standings`, { headers: organiser })).json(),
  );

describe('live standings', () => {
  it('agree with the full computation on every unit’s citizen score and n', async () => {
    const live = await standings();
    expect(live.units).toHaveLength(40);
    const computed = await t.app.request(`/v1/cycles/${cycleId}/outcomes`, {
      ...json({}),
      headers: { ...json({}).headers, ...organiser },
    });
    const { id } = (await computed.json()) as { id: string };
    for (const unit of live.units.slice(0, 8)) {
      const res = await t.app.request(`/v1/outcomes/${id}/units/${unit.unitId}`, { headers: organiser });
      const citizen = revisionUnitsResponseSchema
        .parse(await res.json())
        .units[0]?.breakdown?.channels.find((c) => c.channel === 'citizen');
      expect(unit.n).toBe(citizen?.n);
      if (unit.score === null) expect(citizen?.score).toBeNull();
      else expect(unit.score).toBeCloseTo(citizen?.score ?? -1, 2);
    }
  });

  it('rank sufficient units within their category and show small samples as insufficient', async () => {
    const live = await standings();
    for (const u of live.units) {
      expect(u.sufficient).toBe(u.n >= live.minCitizenSample);
      expect(u.rank === null).toBe(!u.sufficient || u.score === null);
    }
    const categories = new Set(live.units.map((u) => u.category.id));
    for (const category of categories) {
      const ranked = live.units
        .filter((u) => u.category.id === category && u.rank !== null)
        .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
      for (let i = 1; i < ranked.length; i++) {
        expect(ranked[i]!.score!).toBeLessThanOrEqual(ranked[i - 1]!.score!);
      }
    }
  });

  it('move as soon as a rating is marked malicious', async () => {
    const before = await standings();
    const target = before.units.find((u) => u.n > 0)!;
    const rating = await t.db
      .selectFrom('citizen_rating')
      .select('id')
      .where('unit_id', '=', target.unitId)
      .where('malicious', '=', false)
      .where('quarantine_state', '=', 'none')
      .executeTakeFirstOrThrow();
    const res = await t.app.request(`/v1/ratings/${rating.id}/malicious`, {
      ...json({ reason: '同一人反复恶意差评' }),
      headers: { ...json({}).headers, ...organiser },
    });
    expect(res.status).toBe(204);
    const after = (await standings()).units.find((u) => u.unitId === target.unitId)!;
    expect(after.n).toBe(target.n - 1);
  });

  it('after new ratings, quarantine and malicious marks, equal standings computed from scratch', async () => {
    await standings(); // a warm model, updated from here on only where tallies moved
    const points = await t.db
      .selectFrom('service_point as sp')
      .innerJoin('unit as u', 'u.id', 'sp.unit_id')
      .select(['sp.id', 'sp.unit_id'])
      .orderBy('sp.code')
      .limit(3)
      .execute();
    // New ratings at three windows (one statement, as batched ingest writes them) …
    await sql`
      INSERT INTO citizen_rating (cycle_id, unit_id, service_point_id, source, overall, idempotency_key)
      SELECT ${cycleId}, p.unit_id, p.id, 'window_qr', 1 + (g % 5), gen_random_uuid()
      FROM (VALUES ${sql.join(points.map((p) => sql`(${p.id}::uuid, ${p.unit_id}::uuid)`))}) AS p(id, unit_id),
           generate_series(1, 40) AS g`.execute(t.db);
    const incremental = await standings();
    // … then one quarantined and one marked malicious elsewhere.
    await sql`UPDATE citizen_rating SET quarantine_state = 'quarantined', quarantine_reason = 'burst'
              WHERE id = (SELECT min(id) FROM citizen_rating WHERE service_point_id = ${points[0]!.id})`.execute(
      t.db,
    );
    await sql`UPDATE citizen_rating SET malicious = true
              WHERE id = (SELECT max(id) FROM citizen_rating WHERE service_point_id = ${points[2]!.id})`.execute(
      t.db,
    );
    const afterMarks = await standings();
    resetStandingsModels();
    const fresh = await standings();
    const strip = (r: typeof fresh) => r.units;
    expect(strip(afterMarks)).toEqual(strip(fresh));
    const unit = points[0]!.unit_id;
    const n = (r: typeof fresh) => r.units.find((u) => u.unitId === unit)!.n;
    expect(n(afterMarks)).toBe(n(incremental) - (points[2]!.unit_id === unit ? 2 : 1));
  });

  it('are for the organiser’s own cycles only', async () => {
    const res = await t.app.request('/v1/cycles/00000000-0000-4000-8000-000000000000/standings', {
      headers: organiser,
    });
    expect(res.status).toBe(404);
  });
});

describe('live standings as CSV', () => {
  it('has a BOM, bilingual headers, one row per unit, and no score for small samples', async () => {
    const res = await t.app.request(`/v1/cycles/${cycleId}/standings?format=csv`, { headers: organiser });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(bytes.slice(3)).toString('utf8')) as string[][];
    expect(rows[0]).toContain('得分 score');
    expect(rows).toHaveLength(41);
    const scoreAt = rows[0]!.indexOf('得分 score');
    const sufficientAt = rows[0]!.indexOf('样本充足 sufficient');
    for (const row of rows.slice(1)) if (row[sufficientAt] === '否') expect(row[scoreAt]).toBe('');
    expect(
      (await t.app.request(`/v1/cycles/${cycleId}/standings?format=pdf`, { headers: organiser })).status,
    ).toBe(400);
  });
});
