// Citizen ratings for the demo, streamed in batches so a benchmark can ask for ten million
// without holding them in memory. Deterministic for a given plan and count.
import { createRandom, DEFAULT_RATING_ASPECTS } from '@kaimen/domain';
import { NEGATIVE_COMMENTS, POSITIVE_COMMENTS } from './demo-catalogue.ts';
import { DEMO_PATHS, DEMO_UNTIL, DEMO_YEAR, type DemoPlan } from './demo-plan.ts';

export interface DemoRating {
  cycle_id: string;
  unit_id: string;
  service_point_id: string;
  source: 'window_qr' | 'device';
  verified: boolean;
  device_id: string | null;
  overall: number;
  aspect_answers: Record<string, number>;
  comment: string | null;
  quarantine_state: 'none' | 'quarantined' | 'released' | 'rejected';
  quarantine_reason: string | null;
  malicious: boolean;
  idempotency_key: string;
  created_at: Date;
}

const DAY_MS = 86_400_000;

/** Latent satisfaction → level 5 (very satisfied) … 1 (very dissatisfied). */
function level(latent: number): number {
  if (latent > 0.5) return 5;
  if (latent > -0.3) return 4;
  if (latent > -0.9) return 3;
  if (latent > -1.5) return 2;
  return 1;
}

export function* generateDemoRatings(
  plan: DemoPlan,
  opts: { count: number; batchSize?: number },
): Generator<DemoRating[]> {
  const rng = createRandom(plan.ratingSeed);
  const batchSize = opts.batchSize ?? 1000;
  const start = Date.parse(`${DEMO_YEAR}-01-01T00:00:00Z`);
  const days = Math.round((Date.parse(`${DEMO_UNTIL}T00:00:00Z`) - start) / DAY_MS) + 1;
  const quality = new Map(plan.units.map((u) => [u.id, u.quality]));
  // Cumulative volume: a window is picked in proportion to how many people it serves.
  const points = plan.servicePoints;
  const cumulative: number[] = [];
  let total = 0;
  for (const sp of points) {
    total += sp.volume;
    cumulative.push(total);
  }
  const pickPoint = () => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return points[lo] as (typeof points)[number];
  };

  // One unit stays below the minimum citizen sample: past its first few ratings, its picks go to
  // the next window of another unit (no extra random draw, so every other rating stays the same).
  const sparse = plan.units.find((u) => u.code === DEMO_PATHS.sparseUnit)?.id;
  const substitute = new Map<string, (typeof points)[number]>();
  points.forEach((sp, index) => {
    if (sp.unitId !== sparse) return;
    let i = index;
    while ((points[i] as (typeof points)[number]).unitId === sparse) i = (i + 1) % points.length;
    substitute.set(sp.id, points[i] as (typeof points)[number]);
  });
  let sparseRatings = 0;
  const instead = (sp: (typeof points)[number]) => {
    const other = substitute.get(sp.id);
    if (!other) return sp;
    if (sparseRatings < DEMO_PATHS.sparseMaxRatings) {
      sparseRatings++;
      return sp;
    }
    return other;
  };

  let batch: DemoRating[] = [];
  for (let i = 0; i < opts.count; i++) {
    const sp = instead(pickPoint());
    let day = rng.int(0, days - 1);
    // Fewer people on weekends: move most weekend ratings to the Friday before.
    const weekday = new Date(start + day * DAY_MS).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.next() < 0.8 && day >= 2) day -= weekday === 6 ? 1 : 2;
    // Office hours 09:00–17:30 China time = 01:00–09:30 UTC.
    const createdAt = new Date(start + day * DAY_MS + 3_600_000 + rng.int(0, 8.5 * 3_600_000));
    const latent = (quality.get(sp.unitId) ?? 0.6) + sp.offset + rng.normal() * 0.85;
    const overall = level(latent);
    const aspects: Record<string, number> = {};
    for (const aspect of DEFAULT_RATING_ASPECTS) {
      aspects[aspect.code] = level(latent + rng.normal() * 0.4);
    }
    const negative = overall <= 2;
    const withComment = rng.next() < (negative ? 0.45 : 0.05);
    const verified = sp.deviceId !== null && rng.next() < 0.35;
    // One draw decides the review path: quarantined (0.3%), released after review (0.2%, counted),
    // rejected (0.1%) or marked malicious (0.1%); rejected and malicious ratings are not counted.
    const review = rng.next();
    const quarantined = review < 0.003;
    const state = quarantined
      ? 'quarantined'
      : review < 0.005
        ? 'released'
        : review < 0.006
          ? 'rejected'
          : 'none';
    batch.push({
      cycle_id: plan.cycle.id,
      unit_id: sp.unitId,
      service_point_id: sp.id,
      source: verified ? 'device' : 'window_qr',
      verified,
      device_id: verified ? sp.deviceId : null,
      overall,
      aspect_answers: aspects,
      comment: withComment ? rng.pick(negative ? NEGATIVE_COMMENTS : POSITIVE_COMMENTS) : null,
      quarantine_state: state,
      quarantine_reason: state === 'none' ? null : 'burst_at_service_point',
      malicious: review >= 0.006 && review < 0.007,
      idempotency_key: rng.uuid(),
      created_at: createdAt,
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
