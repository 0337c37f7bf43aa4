// Writes the demo organiser into an empty database. The structure goes in one transaction;
// ratings follow in batches (and negative ratings with comments become cases).

import { createHash } from 'node:crypto';
import { addWorkingDays, hashPassword, type WorkingCalendar } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.generated.ts';
import { buildDemoOpinions } from './demo-opinions.ts';
import {
  buildDemoPlan,
  DEFAULT_DEMO_OPTIONS,
  DEMO_PASSWORD,
  DEMO_PATHS,
  type DemoOptions,
  type DemoPlan,
} from './demo-plan.ts';
import { generateDemoRatings } from './demo-ratings.ts';

export async function isDatabaseEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n === 0;
}

export async function seedDemo(
  db: Kysely<DB>,
  opts: { ratings: number; options?: DemoOptions; onProgress?: (done: number) => void },
): Promise<DemoPlan> {
  const plan = buildDemoPlan(opts.options ?? DEFAULT_DEMO_OPTIONS);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const unitCodes = new Map(plan.units.map((u) => [u.id, u.code]));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisation')
      .values(plan.organisations.filter((o) => o.unit_id === null))
      .execute();
    await trx.insertInto('unit_category').values(plan.categories).execute();
    for (const chunk of chunks(plan.units, 500)) {
      await trx
        .insertInto('unit')
        .values(
          chunk.map((u) => ({
            id: u.id,
            organiser_id: plan.organiserId,
            category_id: u.categoryId,
            parent_id: u.parentCode ? (plan.unitIdByCode.get(u.parentCode) ?? null) : null,
            code: u.code,
            name: u.name,
          })),
        )
        .execute();
    }
    await trx
      .insertInto('organisation')
      .values(plan.organisations.filter((o) => o.unit_id !== null))
      .execute();
    for (const chunk of chunks(plan.servicePoints, 500)) {
      await trx
        .insertInto('service_point')
        .values(
          chunk.map((sp) => ({ id: sp.id, unit_id: sp.unitId, code: sp.code, name: sp.name, kind: sp.kind })),
        )
        .execute();
      const volumes = chunk.flatMap((sp) =>
        volumeMonths(unitCodes.get(sp.unitId), sp).map((m) => ({
          service_point_id: sp.id,
          period_start: monthStart(m),
          period_end: monthEnd(m),
          volume: Math.round(sp.volume * 30),
        })),
      );
      if (volumes.length > 0) await trx.insertInto('service_volume').values(volumes).execute();
      const devices = chunk.filter((sp) => sp.deviceId);
      if (devices.length > 0) {
        await trx
          .insertInto('rating_device')
          .values(
            devices.map((sp) => ({
              id: sp.deviceId as string,
              service_point_id: sp.id,
              name: `${sp.name}评价器`,
              kind: 'window_screen',
              api_key_hash: createHash('sha256').update(`demo-device-${sp.deviceId}`).digest(),
              api_key_prefix: 'demo',
            })),
          )
          .execute();
      }
    }
    await trx.insertInto('qr_key_version').values({ organiser_id: plan.organiserId, version: 1 }).execute();
    await trx.insertInto('cycle').values(plan.cycle).execute();
    await trx.insertInto('cycle_phase').values(plan.phases).execute();
    await trx.insertInto('rating_aspect').values(plan.aspects).execute();
    const roots = plan.indicators.filter((i) => i.parent_id === null);
    await trx.insertInto('indicator').values(roots).execute();
    await trx
      .insertInto('indicator')
      .values(plan.indicators.filter((i) => i.parent_id !== null))
      .execute();
    await trx.insertInto('channel_weight').values(plan.channelWeights).execute();
    await trx.insertInto('deduction_rule').values(plan.deductionRules).execute();
    await trx.insertInto('calendar_day').values(plan.calendarDays).execute();
    await trx.insertInto('evaluator').values(plan.evaluators).execute();
    for (const chunk of chunks(plan.assignments, 1000))
      await trx.insertInto('evaluator_assignment').values(chunk).execute();
    await trx
      .insertInto('staff_user')
      .values(
        plan.staff.map((s) => ({
          id: s.id,
          organisation_id: s.org,
          login: s.login,
          display_name: s.name,
          password_hash: passwordHash,
        })),
      )
      .execute();
    await trx
      .insertInto('staff_role')
      .values(plan.staff.flatMap((s) => s.roles.map((role) => ({ staff_user_id: s.id, role }))))
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        actor_kind: 'system',
        organiser_id: plan.organiserId,
        action: 'demo.seed',
        entity: 'organisation',
        entity_id: plan.organiserId,
        after: { ratings: opts.ratings },
      })
      .execute();
  });

  let done = 0;
  for (const batch of generateDemoRatings(plan, { count: opts.ratings, batchSize: 1000 })) {
    await db.insertInto('citizen_rating').values(batch).execute();
    done += batch.length;
    opts.onProgress?.(done);
  }
  await openDemoCases(db, plan);
  await seedDemoOpinions(db, plan);
  return plan;
}

async function seedDemoOpinions(db: Kysely<DB>, plan: DemoPlan): Promise<void> {
  const o = buildDemoOpinions(plan);
  await db.transaction().execute(async (trx) => {
    if (o.unitOrganisations.length > 0)
      await trx.insertInto('organisation').values(o.unitOrganisations).execute();
    for (const chunk of chunks(o.selfAndPeer, 2000))
      await trx.insertInto('indicator_score').values(chunk).execute();
    if (o.spotChecks.length > 0) await trx.insertInto('spot_check_result').values(o.spotChecks).execute();
    await trx.insertInto('invitation').values(o.invitations).execute();
    for (const chunk of chunks(o.submissions, 1000))
      await trx.insertInto('panel_submission').values(chunk).execute();
    for (const chunk of chunks(o.ballots, 1000)) await trx.insertInto('panel_ballot').values(chunk).execute();
    for (const chunk of chunks(o.ballotScores, 2000))
      await trx.insertInto('panel_ballot_score').values(chunk).execute();
    for (const chunk of chunks(o.indicatorScores, 2000))
      await trx.insertInto('indicator_score').values(chunk).execute();
    await trx.insertInto('petition_opinion').values(o.petitionOpinions).execute();
    await trx.insertInto('discipline_finding').values(o.findings).execute();
    await trx.insertInto('model_title').values(o.modelTitles).execute();
  });
}

/** Negative ratings with a comment become cases due in working days; old ones are closed. */
async function openDemoCases(db: Kysely<DB>, plan: DemoPlan): Promise<void> {
  const calendar: WorkingCalendar = new Map(plan.calendarDays.map((d) => [d.day, d.kind]));
  const negatives = await db
    .selectFrom('citizen_rating')
    .select(['id', 'unit_id', 'created_at'])
    .where('cycle_id', '=', plan.cycle.id)
    .where('overall', '<=', 2)
    .where('comment', 'is not', null)
    .orderBy('id')
    .execute();
  const dueDays = plan.cycle.policy.caseDueWorkingDays;
  const rows = negatives.map((r, i) => {
    const opened = r.created_at.toISOString().slice(0, 10);
    const dueOn = addWorkingDays(opened, dueDays, calendar);
    // Most past cases were handled; recent ones and every ninth old one are still open.
    const closed = dueOn < '2026-11-01' && i % 9 !== 0;
    return {
      rating_id: r.id,
      unit_id: r.unit_id,
      opened_at: r.created_at,
      due_on: dueOn,
      state: closed ? 'closed' : 'open',
      reply: closed ? '已核实情况并向群众说明，相关窗口已整改。' : null,
      closed_at: closed ? new Date(Date.parse(`${dueOn}T08:00:00Z`)) : null,
    };
  });
  for (const chunk of chunks(rows, 1000)) await db.insertInto('negative_rating_case').values(chunk).execute();
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The months (0 = January) a window's service volume is recorded for: January to November (the
 * ratings run to 20 November), with the demo's coverage paths: one window without any volume, one
 * from July only, one unit whose volumes stop in September.
 */
function volumeMonths(unitCode: string | undefined, sp: DemoPlan['servicePoints'][number]): number[] {
  const months = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const { windowWithoutVolume: none, windowVolumeFromJuly: july } = DEMO_PATHS;
  if (unitCode === none.unit && sp.code === none.window) return [];
  if (unitCode === july.unit && sp.code === july.window) return months(6, 10);
  if (unitCode === DEMO_PATHS.volumesEndSeptember) return months(0, 8);
  return months(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (m: number) => `2026-${pad(m + 1)}-01`;
const monthEnd = (m: number) => new Date(Date.UTC(2026, m + 1, 0)).toISOString().slice(0, 10);
