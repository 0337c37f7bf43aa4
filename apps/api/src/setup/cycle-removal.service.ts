// Deleting a draft cycle made by mistake (a blank one, a wrong year): allowed only while
// nothing has been recorded against it; the refusal says what has. Audited with what it was.
import {
  type Actor,
  appendAudit,
  cycleRecordCounts,
  deleteCycleWithConfiguration,
  lockCycle,
} from '@kaimen/db';
import { cycleDeletion } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { ownCycle } from './cycle-setup.service.ts';

type ScopedActor = Actor & { organiserId: string };

export async function deleteCycle(deps: AppDeps, actor: ScopedActor, cycleId: string, requestId: string) {
  const cycle = await ownCycle(deps, actor, cycleId);
  await deps.db.transaction().execute(async (trx) => {
    // State and counts are read after the row is locked: an opening that lands meanwhile waits
    // or is seen. (A citizen rating needs an open cycle, so none can arrive for a draft.)
    const locked = await lockCycle(trx, cycle.id);
    if (!locked) throw new AppError('not_found');
    const verdict = cycleDeletion(locked.state, await cycleRecordCounts(trx, cycle.id));
    if (!verdict.ok) throw new AppError('conflict', undefined, verdict.message);
    await deleteCycleWithConfiguration(trx, cycle.id);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: 'cycle.delete',
      entity: 'cycle',
      entityId: cycle.id,
      before: { name: cycle.name, year: cycle.year, state: locked.state },
      requestId,
    });
  });
}
