// A cycle's transitions: draft → open (only when every weight sum is right and no other cycle
// of the organiser is open) → closed. Computing and publishing are the outcomes' routes.
import type { Lang } from '@kaimen/contracts';
import { type Actor, appendAudit, cyclesInState, moveCycleState } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { cycleSetup, ownCycle } from './cycle-setup.service.ts';

type ScopedActor = Actor & { organiserId: string };

export async function transitionCycle(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  to: 'open' | 'closed',
  lang: Lang,
  requestId: string,
) {
  const cycle = await ownCycle(deps, actor, cycleId);
  const from = to === 'open' ? 'draft' : 'open';
  if (cycle.state !== from)
    throw new AppError('conflict', undefined, {
      'zh-CN': `只有${from === 'draft' ? '草稿' : '进行中'}状态的周期才能${to === 'open' ? '开始' : '截止'}。`,
      en: `Only a ${from} cycle can be ${to === 'open' ? 'opened' : 'closed'}.`,
    });
  if (to === 'open') {
    const running = await cyclesInState(deps.db, actor.organiserId, 'open');
    if (running.length > 0)
      throw new AppError('conflict', undefined, {
        'zh-CN': `“${running[0]?.name}”正在进行中；同一时间只能有一个考评周期接受评价，请先将其截止。`,
        en: `“${running[0]?.name}” is open; only one cycle takes ratings at a time, so close it first.`,
      });
    const problems = (await cycleSetup(deps, actor, cycleId, lang)).openingProblems;
    if (problems.length > 0)
      throw new AppError('validation_failed', {
        issues: problems.map((message) => ({ path: 'cycle', message })),
      });
  }
  await deps.db.transaction().execute(async (trx) => {
    // Conditional on the state it was read in: two organisers pressing at once move it once.
    if (!(await moveCycleState(trx, cycle.id, from, to))) throw new AppError('conflict');
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: actor.organiserId,
      action: `cycle.${to === 'open' ? 'open' : 'close'}`,
      entity: 'cycle',
      entityId: cycle.id,
      before: { state: from },
      after: { state: to },
      requestId,
    });
  });
}
