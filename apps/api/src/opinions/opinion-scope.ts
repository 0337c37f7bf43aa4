// Who may give which institutional opinion on which unit. A superior agency scores every unit
// of its organiser on the superior channel, an assessment agency on the third-party channel; a
// unit liaison assesses its own unit (self) and the other units of its category (peer).
import type { InstitutionalChannelName } from '@kaimen/contracts';
import { type Actor, findCycle } from '@kaimen/db';
import type { Role } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

export type ScopedActor = Actor & { organiserId: string };

export const SCORING_ROLES = [
  'superior_reviewer',
  'agency_analyst',
  'unit_liaison',
] as const satisfies readonly Role[];

/** The channel this person's scores of `unit` go to, or null when they may not score it. */
export function channelFor(
  actor: ScopedActor,
  unit: { id: string; category_id: string },
  ownCategoryId: string | null,
): InstitutionalChannelName | null {
  if (actor.roles.includes('superior_reviewer')) return 'superior';
  if (actor.roles.includes('agency_analyst')) return 'third_party';
  if (actor.roles.includes('unit_liaison') && actor.unitId) {
    if (unit.id === actor.unitId) return 'self';
    if (unit.category_id === ownCategoryId) return 'peer';
  }
  return null;
}

/** The actor's organiser's cycle, or 404 (another organiser's cycle is not there for them). */
export async function cycleOf(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await findCycle(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  return cycle;
}

const NOT_OPEN = {
  'zh-CN': '本考评周期不在进行中，意见和评分不能再修改。',
  en: 'This assessment cycle is not open; opinions and scores can no longer be changed.',
};

/** Opinions are given while the cycle is open; afterwards they are inputs of a result. */
export function requireOpen(cycle: { state: string }) {
  if (cycle.state !== 'open') throw new AppError('conflict', undefined, NOT_OPEN);
}

export const cycleRef = (c: { id: string; name: string; state: string }) => ({
  id: c.id,
  name: c.name,
  state: c.state,
});
