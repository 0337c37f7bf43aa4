// The working-day calendar behind case deadlines. Changes reach new deadlines within a
// minute (the rating path caches the calendar briefly); existing deadlines are not moved.
import { calendarQuerySchema, putCalendarDaySchema } from '@kaimen/contracts';
import {
  appendAudit,
  deleteCalendarDay,
  findCalendarDay,
  listCalendarDays,
  upsertCalendarDay,
} from '@kaimen/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { check, readJson, readNoBody } from '../validation.ts';

const dayParam = z.object({ day: z.iso.date() });

export const calendarRoutes = new Hono<AppEnv>()
  .get('/calendar', async (c) => {
    const actor = await authorize(c, [...ORGANISER_ROLES, 'unit_liaison']);
    const { year } = check(c, calendarQuerySchema, c.req.query());
    return c.json({ year, days: await listCalendarDays(c.var.deps.db, actor.organiserId, year) });
  })
  .put('/calendar/days/:day', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { day } = check(c, dayParam, c.req.param());
    const body = await readJson(c, putCalendarDaySchema);
    await c.var.deps.db.transaction().execute(async (trx) => {
      const before = await findCalendarDay(trx, actor.organiserId, day);
      await upsertCalendarDay(trx, actor.organiserId, { day, kind: body.kind, name: body.name || null });
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: actor.userId,
        organiserId: actor.organiserId,
        action: 'calendar.set_day',
        entity: 'calendar_day',
        entityId: day,
        before: before ?? null,
        after: { day, ...body },
        requestId: c.var.requestId,
      });
    });
    return c.body(null, 204);
  })
  .delete('/calendar/days/:day', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    await readNoBody(c);
    const { day } = check(c, dayParam, c.req.param());
    await c.var.deps.db.transaction().execute(async (trx) => {
      const before = await findCalendarDay(trx, actor.organiserId, day);
      if (!(await deleteCalendarDay(trx, actor.organiserId, day))) throw new AppError('not_found');
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: actor.userId,
        organiserId: actor.organiserId,
        action: 'calendar.remove_day',
        entity: 'calendar_day',
        entityId: day,
        before: before ?? null,
        requestId: c.var.requestId,
      });
    });
    return c.body(null, 204);
  });
