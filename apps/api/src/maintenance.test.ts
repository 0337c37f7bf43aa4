// The sweep of abandoned release builds runs on its own short timer, not only with the hourly
// housekeeping: a build cut off by a restart turns 'failed' within minutes.
import { newStaff, newWorld } from '@kaimen/db/testing/factories';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMaintenance } from './maintenance.ts';
import { openTestApp, type TestApp } from './testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const MINUTE = 60_000;

it('fails a build left behind by a dead process between hourly rounds, and no build still young', async () => {
  const world = await newWorld(t.db);
  const staff = await newStaff(t.db, { organisationId: world.organiser.id, roles: [], passwordHash: 'x' });
  const now = new Date('2026-12-01T02:00:00Z');
  t.setNow(now);
  const building = (name: string, minutesAgo: number) =>
    t.db
      .insertInto('dataset_release')
      .values({
        organiser_id: world.organiser.id,
        cycle_id: world.cycle.id,
        name,
        settings: { name },
        created_by: staff.id,
        created_at: new Date(now.getTime() - minutesAgo * MINUTE),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const state = async (id: string) =>
    (await t.db.selectFrom('dataset_release').select('state').where('id', '=', id).executeTakeFirstOrThrow())
      .state;

  const stop = startMaintenance(t.deps, { maintenanceMs: 3_600_000, buildSweepMs: 50 });
  try {
    // Let the round run at start finish, so what follows is the short timer's work.
    await new Promise((r) => setTimeout(r, 500));
    const orphan = await building('进程已退出', 15);
    const young = await building('刚开始', 2);
    for (let i = 0; i < 100 && (await state(orphan.id)) === 'building'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await state(orphan.id)).toBe('failed');
    expect(await state(young.id)).toBe('building');
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['entity_id', 'before', 'after'])
      .where('action', '=', 'release.failed')
      .execute();
    expect(audited.map((a) => a.entity_id)).toEqual([orphan.id]);
    expect(audited[0]).toMatchObject({ before: { status: 'building' }, after: { status: 'failed' } });
  } finally {
    await stop();
  }
});
