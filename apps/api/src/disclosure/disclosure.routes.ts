// 公开: the public page of an organiser's published results. Cacheable; no personal data;
// satisfaction per unit is a published count table (packages/domain public-satisfaction): no
// share below the cycle's minimum sample, and none that would give a count of 1–4 away.
import { type Disclosure, scoringPolicyOf, text } from '@kaimen/contracts';
import {
  findOrganiserByCode,
  latestPublication,
  rectificationCounts,
  revisionUnits,
  satisfactionCounts,
} from '@kaimen/db';
import { MIN_MEAN_N, publicSatisfaction } from '@kaimen/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, readDbOf } from '../deps.ts';
import { AppError } from '../errors.ts';
import { check } from '../validation.ts';

const codeParam = z.object({ code: text({ max: 64, trim: false }).regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const disclosureRoutes = new Hono<AppEnv>().get('/public/organisers/:code', async (c) => {
  const { code } = check(c, codeParam, c.req.param());
  // Published results change once a year: the read replica, when there is one.
  const db = readDbOf(c.var.deps);
  const organiser = await findOrganiserByCode(db, code);
  if (!organiser) throw new AppError('not_found');
  const publication = await latestPublication(db, organiser.id);
  let body: Disclosure['publication'] = null;
  if (publication) {
    const minSample = scoringPolicyOf(publication.policy).minCitizenSample;
    const [units, satisfaction, rectification] = await Promise.all([
      revisionUnits(db, publication.id),
      satisfactionCounts(db, publication.cycle_id),
      rectificationCounts(db, publication.cycle_id),
    ]);
    const sat = new Map(satisfaction.map((s) => [s.unit_id, s]));
    const shown = publicSatisfaction(
      units.map((u) => sat.get(u.unit_id) ?? { n: 0, satisfied: 0 }),
      minSample,
    );
    const rect = new Map(rectification.map((r) => [r.unit_id, r]));
    const categories = new Map<
      string,
      Disclosure['publication'] extends infer P ? (P extends { categories: (infer C)[] } ? C : never) : never
    >();
    for (const [i, u] of units.entries()) {
      const s = shown[i] as (typeof shown)[number];
      const r = rect.get(u.unit_id);
      const category = categories.get(u.category_id) ?? { name: u.category_name, units: [] };
      category.units.push({
        name: u.unit_name,
        grade: u.grade,
        rank: u.rank,
        negativeList: u.negative_list,
        satisfaction: s.satisfaction,
        withheld: s.withheld,
        ratings: s.ratings,
        rectification: { total: r?.total ?? 0, closed: r?.closed ?? 0 },
      });
      categories.set(u.category_id, category);
    }
    body = {
      cycleName: publication.cycle_name,
      revision: publication.revision,
      publishedAt: (publication.published_at as Date).toISOString(),
      // The threshold the page states: shares stand on at least 10 ratings, whatever the policy.
      minSample: Math.max(minSample, MIN_MEAN_N),
      categories: [...categories.values()],
    };
  }
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({
    organiser: { code, name: organiser.name, nameEn: organiser.name_en },
    publication: body,
  } satisfies Disclosure);
});
