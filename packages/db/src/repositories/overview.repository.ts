// Public counts for the home page: organisers, their units and the latest published cycle with
// its counted citizen ratings (held and rejected ones are not citizens' ratings to show the public).
import { latestPublishedCycle } from '@kaimen/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.generated.ts';

export async function getOverview(db: Kysely<DB>) {
  const organisers = await db
    .selectFrom('organisation as o')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.name_en',
      'o.code',
      eb
        .selectFrom('unit')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('unit.organiser_id', '=', 'o.id')
        .where('unit.retired_at', 'is', null)
        .as('units'),
      eb
        .selectFrom('service_point as sp')
        .innerJoin('unit as u', 'u.id', 'sp.unit_id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('u.organiser_id', '=', 'o.id')
        .where('sp.retired_at', 'is', null)
        .as('service_points'),
    ])
    .where('o.kind', '=', 'organiser')
    .orderBy('o.name')
    .execute();

  return Promise.all(
    organisers.map(async (o) => {
      // The public sees published results only: the newest such cycle (packages/domain).
      const cycles = await db
        .selectFrom('cycle')
        .select(['id', 'name', 'state'])
        .where('organiser_id', '=', o.id)
        .orderBy('year', 'desc')
        .orderBy('created_at', 'desc')
        .execute();
      const cycle = latestPublishedCycle(cycles);
      // Counted ratings, from the running tally (one row per window): the same at 10M as at 200k.
      const ratings = cycle
        ? await db
            .selectFrom('citizen_rating_tally')
            .select(
              sql<number>`coalesce(sum(verified_1 + verified_2 + verified_3 + verified_4 + verified_5 +
                unverified_1 + unverified_2 + unverified_3 + unverified_4 + unverified_5), 0)::int`.as('n'),
            )
            .where('cycle_id', '=', cycle.id)
            .executeTakeFirstOrThrow()
        : undefined;
      return {
        id: o.id,
        name: o.name,
        nameEn: o.name_en,
        code: o.code,
        units: o.units ?? 0,
        servicePoints: o.service_points ?? 0,
        publishedCycle: cycle ? { ...cycle, citizenRatings: ratings?.n ?? 0 } : null,
      };
    }),
  );
}
