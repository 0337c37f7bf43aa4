// GET /v1/to-dos: the signed-in person's console to-dos for their scope (their office, or
// their one unit for a liaison), about the cycle the console is on.
import { scoringPolicyOf, type ToDosResponse } from '@kaimen/contracts';
import { findCycle, listCycles, toDoCounts } from '@kaimen/db';
import { ROLES, toDoKindsFor, toDosFor } from '@kaimen/domain';
import { Hono } from 'hono';
import { authorize } from '../access/authorize.ts';
import { chinaDay } from '../citizen/rating-context.ts';
import type { AppEnv } from '../deps.ts';

export const toDoRoutes = new Hono<AppEnv>().get('/to-dos', async (c) => {
  const actor = await authorize(c, ROLES);
  const { db } = c.var.deps;
  // The open cycle, else the latest that has opened; a draft has nothing waiting yet.
  const cycles = await listCycles(db, actor.organiserId);
  const current = cycles.find((x) => x.state === 'open') ?? cycles.find((x) => x.state !== 'draft') ?? null;
  const cycle = current ? await findCycle(db, current.id) : undefined;
  const kinds = toDoKindsFor(actor.roles);
  const counts = await toDoCounts(
    db,
    {
      organiserId: actor.organiserId,
      unitId: actor.unitId,
      cycleId: cycle?.id ?? null,
      panelMinBallots: scoringPolicyOf(cycle?.policy).panelMinBallots,
      today: chinaDay(c.var.deps.now()),
      scoresFrom: actor.roles.includes('superior_reviewer') ? actor.organisationId : null,
    },
    kinds,
  );
  const body: ToDosResponse = {
    cycle: cycle ? { id: cycle.id, name: cycle.name, state: cycle.state } : null,
    toDos: toDosFor(actor.roles, counts),
  };
  return c.json(body);
});
