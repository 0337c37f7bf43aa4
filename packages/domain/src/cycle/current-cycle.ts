// Which cycle a screen means when nobody said: one rule for every console screen and the public
// page, so no screen silently shows a draft (the newest cycle is often next year's draft).

export interface CycleLike {
  id: string;
  state: string;
}

/** Why this cycle was chosen: the person asked for it, or which step of the rule found it. */
export type CycleChoiceReason = 'asked' | 'open' | 'ended' | 'draft_only' | 'none';

/**
 * The cycle a console screen shows. `cycles` are newest first (year, then creation).
 * 1. The one asked for (`wanted`), if it is one of them.
 * 2. The open cycle (at most one takes ratings at a time).
 * 3. The newest cycle whose rating has ended — closed, computed or published. Where no cycle is
 *    being finished after the last publication this is the latest one with published results;
 *    a closed cycle newer than that is where the organiser's work is (compute, publish), so it
 *    comes first.
 * 4. Only drafts: the newest draft, marked as such so the screen can say so.
 */
export function chooseCurrentCycle<C extends CycleLike>(
  cycles: readonly C[],
  wanted?: string | null,
): { cycle: C | null; reason: CycleChoiceReason } {
  const asked = wanted ? cycles.find((c) => c.id === wanted) : undefined;
  if (asked) return { cycle: asked, reason: 'asked' };
  const open = cycles.find((c) => c.state === 'open');
  if (open) return { cycle: open, reason: 'open' };
  const ended = cycles.find((c) => c.state === 'closed' || c.state === 'computed' || c.state === 'published');
  if (ended) return { cycle: ended, reason: 'ended' };
  const draft = cycles[0];
  return draft ? { cycle: draft, reason: 'draft_only' } : { cycle: null, reason: 'none' };
}

/** The cycle the public sees: the newest with published results, never a draft or a running one. */
export function latestPublishedCycle<C extends CycleLike>(cycles: readonly C[]): C | null {
  return cycles.find((c) => c.state === 'published') ?? null;
}

/** Whether a cycle takes ratings, ballots and scores now (every such write needs it open). */
export const takesInput = (state: string): boolean => state === 'open';
