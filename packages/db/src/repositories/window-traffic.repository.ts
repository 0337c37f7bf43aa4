// What a service window really receives: its recent counted ratings and its recorded service
// volume (the inputs of the window bound, packages/domain window-bound.ts), and the pause an
// organiser puts on a window under attack.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export interface WindowTrafficRow {
  historyRatings: number;
  historyActiveDays: number;
  visitsPerDay: number | null;
}

/** Counted ratings at the window in [from, until) and the visits per day of its latest volume period up to `today`. */
export async function loadWindowTraffic(
  db: Kysely<DB>,
  opts: { servicePointId: string; from: Date; until: Date; today: string },
): Promise<WindowTrafficRow> {
  const history = await db
    .selectFrom('citizen_rating')
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<number>`count(DISTINCT (created_at AT TIME ZONE 'Asia/Shanghai')::date)::int`.as('days'),
    ])
    .where('service_point_id', '=', opts.servicePointId)
    .where('created_at', '>=', opts.from)
    .where('created_at', '<', opts.until)
    .where(sql<boolean>`kaimen_rating_counts(quarantine_state, malicious)`)
    .executeTakeFirst();
  const volume = await db
    .selectFrom('service_volume')
    .select(['volume', sql<number>`(period_end - period_start + 1)::int`.as('days')])
    .where('service_point_id', '=', opts.servicePointId)
    .where('period_start', '<=', opts.today)
    .orderBy('period_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    historyRatings: Number(history?.n ?? 0),
    historyActiveDays: Number(history?.days ?? 0),
    visitsPerDay: volume && volume.days > 0 ? volume.volume / volume.days : null,
  };
}

/** Pauses (reason) or resumes (null) QR rating at an organiser's window; the state before, or undefined if no such window. */
export async function setRatingPause(
  trx: Kysely<DB>,
  opts: { organiserId: string; servicePointId: string; now: Date; reason: string | null },
) {
  const before = await trx
    .selectFrom('service_point as sp')
    .innerJoin('unit as u', 'u.id', 'sp.unit_id')
    .select(['sp.id', 'sp.name', 'sp.rating_paused_at', 'sp.rating_paused_reason'])
    .where('sp.id', '=', opts.servicePointId)
    .where('u.organiser_id', '=', opts.organiserId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return undefined;
  await trx
    .updateTable('service_point')
    .set(
      opts.reason === null
        ? { rating_paused_at: null, rating_paused_reason: null }
        : { rating_paused_at: opts.now, rating_paused_reason: opts.reason },
    )
    .where('id', '=', opts.servicePointId)
    .execute();
  return before;
}
