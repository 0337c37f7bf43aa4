// Re-review (复查) of past model units: keep the title, or delist it (摘牌) with a reason.
import { createModelTitleSchema, reReviewSchema } from '@kaimen/contracts';
import { appendAudit, findModelTitle, insertModelTitle, insertReReview, listModelTitles } from '@kaimen/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import { chinaDay } from '../citizen/rating-context.ts';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { check, readJson } from '../validation.ts';

const idParam = z.object({ id: z.uuid() });

export const modelTitleRoutes = new Hono<AppEnv>()
  .get('/model-titles', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const rows = await listModelTitles(c.var.deps.db, actor.organiserId);
    return c.json({
      titles: rows.map((r) => ({
        id: r.id,
        unit: { id: r.unit_id, name: r.unit_name },
        awardedYear: r.awarded_year,
        delistedOn: r.delisted_on,
        lastReview: r.decision
          ? {
              decision: r.decision as 'keep' | 'delist',
              reason: r.reason as string,
              decidedAt: (r.decided_at as Date).toISOString(),
            }
          : null,
      })),
    });
  })
  .post('/model-titles', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const input = await readJson(c, createModelTitleSchema);
    const { db } = c.var.deps;
    const unit = await db
      .selectFrom('unit')
      .select('id')
      .where('id', '=', input.unitId)
      .where('organiser_id', '=', actor.organiserId)
      .executeTakeFirst();
    if (!unit) throw new AppError('not_found');
    const created = await db.transaction().execute(async (trx) => {
      const row = await insertModelTitle(trx, input);
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: actor.userId,
        organiserId: actor.organiserId,
        action: 'model_title.award',
        entity: 'model_title',
        entityId: row.id,
        after: input,
        requestId: c.var.requestId,
      });
      return row;
    });
    return c.json(created, 201);
  })
  .post('/model-titles/:id/re-reviews', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, idParam, c.req.param());
    const review = await readJson(c, reReviewSchema);
    const { db } = c.var.deps;
    const title = await findModelTitle(db, actor.organiserId, id);
    const cycle = await db
      .selectFrom('cycle')
      .select('id')
      .where('id', '=', review.cycleId)
      .where('organiser_id', '=', actor.organiserId)
      .executeTakeFirst();
    if (!title || !cycle) throw new AppError('not_found');
    // A delisted title stays delisted; one re-review per title and cycle (database-enforced).
    if (title.delisted_on) throw new AppError('conflict');
    const now = c.var.deps.now();
    await db.transaction().execute(async (trx) => {
      await insertReReview(trx, {
        modelTitleId: id,
        ...review,
        decidedBy: actor.userId,
        now,
        today: chinaDay(now),
      });
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: actor.userId,
        organiserId: actor.organiserId,
        action: `model_title.${review.decision}`,
        entity: 'model_title',
        entityId: id,
        after: review,
        requestId: c.var.requestId,
      });
    });
    return c.body(null, 204);
  });
