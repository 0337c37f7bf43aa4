// Coverage warnings before a cycle is computed: where the inputs do not reach as far as the
// method assumes, and what the computation will do about it. Service volumes weight each window
// (post-stratification), so a window rated over a stretch with no volume recorded, or whose
// volumes stop before its ratings do, is weighted by a partial figure; a unit or a panel below its
// minimum does not count as configured. Each warning names the rule the computation applies.
import type { CycleInputs, PanelChannel } from './compute-cycle.ts';
import { scorePanelChannel } from './panel-score.ts';

export interface WindowCoverage {
  servicePointId: string;
  unitId: string;
  /** First and last day (China time, YYYY-MM-DD) of the window's counted ratings in the cycle. */
  firstRating: string;
  lastRating: string;
  /** Volume periods recorded for the window that overlap the cycle. */
  volumePeriods: readonly { start: string; end: string }[];
}

export type CoverageWarning =
  | {
      kind: 'window_without_volume';
      unitId: string;
      servicePointId: string;
      firstRating: string;
      lastRating: string;
      /** The unit's windows are then weighted by their ratings, not by volume. */
      action: 'unit_weighted_by_ratings';
    }
  | {
      kind: 'window_volume_gap';
      unitId: string;
      servicePointId: string;
      /** Rated days with no volume period, and the first such stretch. */
      days: number;
      from: string;
      to: string;
      action: 'weighted_by_recorded_volume';
    }
  | {
      kind: 'volume_ends_before_ratings';
      unitId: string;
      servicePointId: string;
      volumeUntil: string;
      ratingsUntil: string;
      action: 'weighted_by_recorded_volume';
    }
  | {
      kind: 'volume_period_outside_cycle';
      unitId: string;
      servicePointId: string;
      start: string;
      end: string;
      /** Only periods wholly inside the cycle are summed. */
      action: 'period_ignored';
    }
  | {
      kind: 'citizen_below_minimum';
      unitId: string;
      n: number;
      min: number;
      action: 'redistribute' | 'insufficient';
    }
  | {
      kind: 'panel_below_min_ballots' | 'panel_quorum_not_met';
      unitId: string;
      channel: PanelChannel;
      ballots: number;
      min: number;
      invited: number;
      submitted: number;
      action: 'not_counted';
    };

const DAY = 86_400_000;
const toDay = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const fromDay = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** Days of [from, to] not covered by any of the periods, and the first uncovered stretch. */
function uncovered(from: string, to: string, periods: readonly { start: string; end: string }[]) {
  const ranges = periods.map((p) => [toDay(p.start), toDay(p.end)] as const).sort((a, b) => a[0] - b[0]);
  let days = 0;
  let first: [number, number] | null = null;
  let cursor = toDay(from);
  const last = toDay(to);
  const gap = (a: number, b: number) => {
    if (b < a) return;
    days += b - a + 1;
    first ??= [a, b];
  };
  for (const [s, e] of ranges) {
    if (e < cursor) continue;
    if (s > last) break;
    gap(cursor, Math.min(s - 1, last));
    cursor = Math.max(cursor, e + 1);
  }
  gap(cursor, last);
  return { days, first: first as [number, number] | null };
}

export function coverageWarnings(
  inputs: CycleInputs,
  cycle: { startsOn: string; endsOn: string },
  windows: readonly WindowCoverage[],
): CoverageWarning[] {
  const { policy } = inputs;
  const out: CoverageWarning[] = [];
  const categoryOf = new Map(inputs.units.map((u) => [u.id, u.categoryId]));
  const weightOf = (unitId: string, channel: string) =>
    (inputs.channelWeights.get(categoryOf.get(unitId) ?? '') as Record<string, number> | undefined)?.[
      channel
    ] ?? 0;

  for (const w of [...windows].sort((a, b) => (a.servicePointId < b.servicePointId ? -1 : 1))) {
    if (!categoryOf.has(w.unitId)) continue;
    const inside = w.volumePeriods.filter((p) => p.start >= cycle.startsOn && p.end <= cycle.endsOn);
    for (const p of w.volumePeriods.filter((p) => !inside.includes(p)))
      out.push({
        kind: 'volume_period_outside_cycle',
        unitId: w.unitId,
        servicePointId: w.servicePointId,
        start: p.start,
        end: p.end,
        action: 'period_ignored',
      });
    if (inside.length === 0) {
      out.push({
        kind: 'window_without_volume',
        unitId: w.unitId,
        servicePointId: w.servicePointId,
        firstRating: w.firstRating,
        lastRating: w.lastRating,
        action: 'unit_weighted_by_ratings',
      });
      continue;
    }
    const volumeUntil = inside.map((p) => p.end).sort()[inside.length - 1] as string;
    if (volumeUntil < w.lastRating)
      out.push({
        kind: 'volume_ends_before_ratings',
        unitId: w.unitId,
        servicePointId: w.servicePointId,
        volumeUntil,
        ratingsUntil: w.lastRating,
        action: 'weighted_by_recorded_volume',
      });
    // Gaps before the volumes end (the stretch after them is the warning above).
    const until = [volumeUntil, w.lastRating].sort()[0] as string;
    const gap = uncovered(w.firstRating, until, inside);
    if (gap.first)
      out.push({
        kind: 'window_volume_gap',
        unitId: w.unitId,
        servicePointId: w.servicePointId,
        days: gap.days,
        from: fromDay(gap.first[0]),
        to: fromDay(gap.first[1]),
        action: 'weighted_by_recorded_volume',
      });
  }

  for (const u of [...inputs.units].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (weightOf(u.id, 'citizen') > 0) {
      const n = (inputs.citizen.get(u.id) ?? []).reduce(
        (a, p) => a + p.verified.reduce((x, y) => x + y, 0) + p.unverified.reduce((x, y) => x + y, 0),
        0,
      );
      if (n < policy.minCitizenSample)
        out.push({
          kind: 'citizen_below_minimum',
          unitId: u.id,
          n,
          min: policy.minCitizenSample,
          action: policy.insufficientSample,
        });
    }
    for (const channel of ['representative', 'special_supervisor'] as const) {
      const panel = inputs.panels.get(u.id)?.get(channel);
      if (!panel || weightOf(u.id, channel) === 0 || panel.invited === 0) continue;
      const r = scorePanelChannel(inputs.trees.get(u.categoryId) ?? [], panel.ballots, panel, policy);
      const base = {
        unitId: u.id,
        channel,
        ballots: r.n,
        invited: panel.invited,
        submitted: panel.submitted,
        action: 'not_counted' as const,
      };
      if (!r.quorumMet)
        out.push({
          kind: 'panel_quorum_not_met',
          ...base,
          min: Math.ceil(policy.panelQuorum * panel.invited),
        });
      else if (r.n < policy.panelMinBallots)
        out.push({ kind: 'panel_below_min_ballots', ...base, min: policy.panelMinBallots });
    }
  }
  return out;
}
