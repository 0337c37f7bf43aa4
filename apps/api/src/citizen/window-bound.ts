// The window bound of one service window today (packages/domain window-bound.ts), from its
// recent history and service volume, cached per window and day: history before today does not
// change during the day, and a new volume or policy is seen within ten minutes.
import { windowBoundPolicyOf } from '@kaimen/contracts';
import { loadWindowTraffic, type ServicePointContext } from '@kaimen/db';
import {
  type ExpectedRatings,
  expectedRatings,
  type WindowBoundPolicy,
  type WindowBounds,
  windowBounds,
} from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { chinaDay } from './rating-context.ts';
import { TtlCache } from './ttl-cache.ts';

export interface WindowBoundToday {
  policy: WindowBoundPolicy;
  expected: ExpectedRatings;
  bounds: WindowBounds;
}

const caches = new WeakMap<AppDeps, TtlCache<WindowBoundToday>>();
const DAY_MS = 86_400_000;

/** Midnight in China (UTC+8) at the start of `day` (YYYY-MM-DD). */
export const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

export async function computeWindowBound(
  deps: AppDeps,
  servicePointId: string,
  policyStored: unknown,
  now: Date,
): Promise<WindowBoundToday> {
  const policy = windowBoundPolicyOf(policyStored);
  const today = chinaDay(now);
  const until = chinaMidnight(today);
  const traffic = await loadWindowTraffic(deps.db, {
    servicePointId,
    from: new Date(until.getTime() - policy.historyDays * DAY_MS),
    until,
    today,
  });
  const expected = expectedRatings(traffic, policy);
  return { policy, expected, bounds: windowBounds(expected, policy) };
}

export function windowBoundFor(
  deps: AppDeps,
  ctx: ServicePointContext,
  now: Date,
): Promise<WindowBoundToday> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new TtlCache(10 * 60_000);
    caches.set(deps, cache);
  }
  return cache.get(`${ctx.service_point_id}:${chinaDay(now)}`, now.getTime(), () =>
    computeWindowBound(deps, ctx.service_point_id, ctx.policy, now),
  );
}
