// Writes citizen ratings in batches: while one batch commits, new ratings queue up and go
// together in the next (one batch in flight, up to 500 ratings). One
// transaction per batch does the idempotency check, the limit counters, one-time code
// consumption and the inserts in two round trips (packages/db rating-ingest.repository.ts),
// so a busy hall costs a few round trips per batch, not a few per rating.
// If a batch fails, its ratings are retried one by one, so one bad row never fails the others.
import type { SubmitRatingResponse } from '@kaimen/contracts';
import type { DB } from '@kaimen/db';
import {
  type CounterBump,
  counterId,
  findRatingByIdempotencyKey,
  type NewCitizenRating,
  type RatingToWrite,
  writeRatingBatch,
} from '@kaimen/db';
import { exceedsWindowBound, quarantineReasons, type WindowBounds } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

/** Counters every rating bumps; their running totals are compared with a limit. */
type HitRole = 'ip' | 'burst' | 'identical' | 'rater' | 'form';
/**
 * Window-bound counters: they count only the ratings that end up counted (the others' bumps
 * are taken back), so a flood of quarantined or refused ratings does not use up the bound.
 */
type BoundRole =
  | 'boundHour'
  | 'boundDay'
  | 'boundAddressHour'
  | 'boundAddressDay'
  | 'boundNoCookieHour'
  | 'boundNoCookieDay';
const BOUND_FIELD = {
  boundHour: 'hour',
  boundDay: 'day',
  boundAddressHour: 'addressHour',
  boundAddressDay: 'addressDay',
  boundNoCookieHour: 'noCookieHour',
  boundNoCookieDay: 'noCookieDay',
} as const;
const isBoundRole = (role: string): role is BoundRole => role in BOUND_FIELD;
/** The hour before a bound hour, only read (bumped by 0): the hourly bounds slide. */
type BeforeRole = 'boundHourBefore' | 'boundAddressHourBefore' | 'boundNoCookieHourBefore';
const BEFORE_FIELD = {
  boundHourBefore: 'hour',
  boundAddressHourBefore: 'addressHour',
  boundNoCookieHourBefore: 'noCookieHour',
} as const;
const isBeforeRole = (role: string): role is BeforeRole => role in BEFORE_FIELD;
const HOUR_MS = 3_600_000;
/**
 * Counters that count only the ratings that end up counted. The burst and identical-answer
 * rules are among them: an attack whose ratings are held anyway must not push an honest
 * rating at the same window over those thresholds.
 */
const countsCountedOnly = (role: string) => isBoundRole(role) || role === 'burst' || role === 'identical';

export interface PreparedRating {
  rating: NewCitizenRating;
  visitTokenHash: Uint8Array | null;
  counters: { role: HitRole | BoundRole | BeforeRole; bucket: string; windowStart: Date }[];
  signals: { fillSeconds: number | undefined; honeypotFilled: boolean };
  limits: {
    ipPerMinute: number;
    raterPerDay: number;
    minFillSeconds: number;
    burstPerMinute: number;
    identicalPer10Minutes: number;
    /** Window-QR ratings only. */
    windowBound: WindowBounds | null;
  };
}

type Outcome = { ok: SubmitRatingResponse } | { error: unknown } | { lookup: true };

const MAX_BATCH = 500;
// One, not two: every batch bumps the same hot limit counters (a window's per-minute burst and
// network counters), whose row locks it holds from its first round trip to COMMIT, so a second
// batch in flight only waited for the first's locks while holding its ratings back. Measured with
// bench:ingest, 20-s runs taken in turn: two in flight 1,600–1,850 ratings/s, p99 49–53 ms; one
// 1,940–2,040/s, p99 46–50 ms.
const MAX_IN_FLIGHT = 1;

interface Pending {
  item: PreparedRating;
  resolve: (answer: SubmitRatingResponse) => void;
  reject: (error: unknown) => void;
}

export class RatingBatcher {
  readonly #queue: Pending[] = [];
  #inFlight = 0;
  constructor(private readonly db: Kysely<DB>) {}

  submit(item: PreparedRating): Promise<SubmitRatingResponse> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < MAX_IN_FLIGHT && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #run(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await writeBatch(
        this.db,
        batch.map((p) => p.item),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const pending of batch) await this.#run([pending]);
      return;
    }
    const lookups: Promise<void>[] = [];
    batch.forEach((pending, i) => {
      const outcome = outcomes[i] as Outcome;
      if ('ok' in outcome) pending.resolve(outcome.ok);
      else if ('error' in outcome) pending.reject(outcome.error);
      // Stored by someone else (a retry in another batch or instance): answer what is stored.
      else lookups.push(this.#answerStored(pending));
    });
    await Promise.all(lookups);
  }

  async #answerStored(pending: Pending): Promise<void> {
    const stored = await findRatingByIdempotencyKey(this.db, pending.item.rating.idempotencyKey).catch(
      () => undefined,
    );
    if (stored) {
      pending.resolve({
        ratingId: String(stored.id),
        verified: stored.verified,
        caseOpened: stored.case_id !== null,
      });
    } else pending.reject(new Error('rating with this idempotency key is neither stored nor storable'));
  }
}

async function writeBatch(db: Kysely<DB>, items: PreparedRating[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = items.map(() => ({ lookup: true }));
  // A second copy of a key in this batch waits for the first one's answer.
  const firstOfKey = new Map<string, number>();
  items.forEach((item, i) => {
    if (!firstOfKey.has(item.rating.idempotencyKey)) firstOfKey.set(item.rating.idempotencyKey, i);
  });
  const candidates = [...firstOfKey.values()];
  // Limit counters: one bump per counter for the whole batch.
  const totals = new Map<string, CounterBump>();
  const countedOnly = new Set<string>();
  for (const i of candidates) {
    for (const c of (items[i] as PreparedRating).counters) {
      addBump(totals, c, isBeforeRole(c.role) ? 0 : 1);
      if (countsCountedOnly(c.role)) countedOnly.add(counterId(c.bucket, c.windowStart));
    }
  }
  const { result, context: written } = await writeRatingBatch(
    db,
    { keys: [...firstOfKey.keys()], bumps: [...totals.values()] },
    ({ existing, counts }) => {
      const ratings: RatingToWrite[] = [];
      const takeBack = new Map<string, CounterBump>();
      const seen = new Map<string, number>();
      // Counted-only counters: how many of this batch's ratings they counted so far.
      const consumed = new Map<string, number>();
      for (const i of candidates) {
        const item = items[i] as PreparedRating;
        // A retry of a rating already stored gets the stored answer and counts against no limit.
        const stored = existing.get(item.rating.idempotencyKey);
        if (stored) {
          outcomes[i] = {
            ok: {
              ratingId: String(stored.id),
              verified: stored.verified,
              caseOpened: stored.case_id !== null,
            },
          };
          for (const c of item.counters) addBump(takeBack, c, isBeforeRole(c.role) ? 0 : 1);
          continue;
        }
        // Each rating's own running count: the total before this batch plus its place in it.
        const hits: Partial<Record<HitRole, number>> = {};
        const bound: Partial<Record<(typeof BOUND_FIELD)[BoundRole], number>> = {};
        const hourBefore: Partial<Record<(typeof BEFORE_FIELD)[BeforeRole], number>> = {};
        let intoHour = 0;
        for (const c of item.counters) {
          const id = counterId(c.bucket, c.windowStart);
          if (isBeforeRole(c.role)) {
            hourBefore[BEFORE_FIELD[c.role]] = counts.get(id) ?? 0;
            continue;
          }
          if (c.role === 'boundHour')
            intoHour = (item.rating.now.getTime() - c.windowStart.getTime()) / HOUR_MS;
          const before = (counts.get(id) ?? 0) - (totals.get(id)?.by ?? 0);
          if (isBoundRole(c.role)) {
            bound[BOUND_FIELD[c.role]] = before + (consumed.get(id) ?? 0);
            continue;
          }
          if (countsCountedOnly(c.role)) {
            hits[c.role as HitRole] = before + (consumed.get(id) ?? 0) + 1;
            continue;
          }
          const nth = (seen.get(id) ?? 0) + 1;
          seen.set(id, nth);
          hits[c.role] = before + nth;
        }
        if ((hits.ip ?? 0) > item.limits.ipPerMinute) {
          outcomes[i] = { error: new AppError('rating_ip_ceiling') };
          continue;
        }
        if ((hits.rater ?? 0) > item.limits.raterPerDay) {
          outcomes[i] = { error: new AppError('rating_daily_limit') };
          continue;
        }
        if ((hits.form ?? 0) > 1) {
          outcomes[i] = { error: new AppError('form_token_used') };
          continue;
        }
        const reasons: string[] = quarantineReasons(
          { ...item.signals, servicePointPerMinute: hits.burst ?? 0, identicalAnswers: hits.identical ?? 0 },
          item.limits,
        );
        const windowBound = item.limits.windowBound;
        if (reasons.length === 0 && windowBound) {
          const counted = { hour: 0, day: 0, addressHour: 0, addressDay: 0, ...bound };
          // The last 60 minutes, estimated: this hour's count and the share of the hour before
          // that still lies within them.
          const share = Math.max(0, 1 - Math.min(1, intoHour));
          for (const [field, n] of Object.entries(hourBefore) as [keyof typeof hourBefore, number][]) {
            counted[field] = (counted[field] ?? 0) + n * share;
          }
          if (exceedsWindowBound(counted, windowBound)) reasons.push('over_window_volume');
        }
        if (reasons.length === 0) {
          for (const c of item.counters) {
            if (!countsCountedOnly(c.role)) continue;
            const id = counterId(c.bucket, c.windowStart);
            consumed.set(id, (consumed.get(id) ?? 0) + 1);
          }
        }
        ratings.push({
          ...item.rating,
          quarantineReason: reasons.length > 0 ? reasons.join(',') : null,
          visitTokenHash: item.visitTokenHash,
        });
      }
      // A counted-only counter keeps only the ratings it counted.
      for (const [id, total] of totals) {
        if (!countedOnly.has(id)) continue;
        const unused = total.by - (consumed.get(id) ?? 0) - (takeBack.get(id)?.by ?? 0);
        if (unused > 0) {
          const entry = takeBack.get(id) ?? { bucket: total.bucket, windowStart: total.windowStart, by: 0 };
          entry.by += unused;
          takeBack.set(id, entry);
        }
      }
      return { ratings, takeBack: [...takeBack.values()], context: ratings };
    },
  );
  for (const rating of written) {
    const i = firstOfKey.get(rating.idempotencyKey) as number;
    const stored = result.stored.get(rating.idempotencyKey);
    if (result.tokenRefused.has(rating.idempotencyKey)) {
      outcomes[i] = { error: new AppError('visit_token_used') };
    } else if (stored) {
      outcomes[i] = {
        ok: { ratingId: String(stored.id), verified: rating.verified, caseOpened: rating.caseDueOn !== null },
      };
    }
    // Neither: stored meanwhile under the same key by another batch or instance (lookup).
  }
  // Later copies of a key in this batch share the first copy's outcome, refusal included.
  items.forEach((item, i) => {
    const first = firstOfKey.get(item.rating.idempotencyKey) as number;
    if (first !== i && 'lookup' in (outcomes[i] as Outcome)) outcomes[i] = outcomes[first] as Outcome;
  });
  return outcomes;
}

function addBump(
  bumps: Map<string, CounterBump>,
  counter: { bucket: string; windowStart: Date },
  by = 1,
): void {
  const id = counterId(counter.bucket, counter.windowStart);
  const entry = bumps.get(id) ?? { bucket: counter.bucket, windowStart: counter.windowStart, by: 0 };
  entry.by += by;
  bumps.set(id, entry);
}

const batchers = new WeakMap<AppDeps, RatingBatcher>();
export function batcherFor(deps: AppDeps): RatingBatcher {
  let batcher = batchers.get(deps);
  if (!batcher) {
    batcher = new RatingBatcher(deps.db);
    batchers.set(deps, batcher);
  }
  return batcher;
}
