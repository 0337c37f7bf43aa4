// Test fixture: an organiser with an open cycle, default aspects, a signing key version, a
// National Day holiday in its calendar and a window with a rating device.
import { randomUUID } from 'node:crypto';
import { newWorld } from '@kaimen/db/testing/factories';
import { DEFAULT_RATING_ASPECTS, hashToken, issueRaterId, signWindowCode } from '@kaimen/domain';
import type { TestApp } from '../testing/test-app.ts';
import { formKey, qrKey } from './keys.ts';

export const DEVICE_KEY = 'dev_test_key_0123456789abcdefghij';

export async function citizenWorld(t: TestApp) {
  const world = await newWorld(t.db);
  await t.db
    .updateTable('cycle')
    // A window bound far above these tests' traffic: window-bound.routes.test.ts tests it.
    .set({ state: 'open', policy: { caseDueWorkingDays: 10, windowBound: { minExpectedPerDay: 100_000 } } })
    .where('id', '=', world.cycle.id)
    .execute();
  await t.db
    .insertInto('rating_aspect')
    .values(
      DEFAULT_RATING_ASPECTS.map((a, i) => ({
        cycle_id: world.cycle.id,
        code: a.code,
        name: a.zh,
        name_en: a.en,
        position: i,
      })),
    )
    .execute();
  await t.db.insertInto('qr_key_version').values({ organiser_id: world.organiser.id, version: 1 }).execute();
  await t.db
    .insertInto('calendar_day')
    .values([
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
        organiser_id: world.organiser.id,
        day: `2026-10-${d}`,
        kind: 'holiday',
        name: '国庆节',
      })),
      { organiser_id: world.organiser.id, day: '2026-10-10', kind: 'workday', name: '国庆节调休' },
    ])
    .execute();
  const device = await t.db
    .insertInto('rating_device')
    .values({
      service_point_id: world.servicePoint.id,
      name: '叫号机',
      kind: 'queue_system',
      api_key_hash: hashToken(DEVICE_KEY),
      api_key_prefix: 'dev_',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const code = (version = 1, servicePointId = world.servicePoint.id) =>
    signWindowCode({ key: qrKey(t.deps.secret, world.organiser.id, version), servicePointId, version });
  /** A rater cookie as the API hands it to the web app. */
  const raterId = () => issueRaterId(formKey(t.deps.secret));
  return { ...world, deviceId: device.id, code, raterId };
}

export const rating = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  overall: 5,
  aspects: { efficiency: 5, attitude: 4 },
  ...overrides,
});
