// Writes citizen ratings in batches: while one batch commits, new ratings queue up and go
// together in the next (at most two batches in flight, up to 500 ratings each). One
// transaction per batch does the idempotency check, the limit counters, one-time code
// consumption and the inserts, so a busy hall costs a few round trips, not a few per rating.
// If a batch fails, its ratings are retried one by one, so one bad row never fails the others.
import type { SubmitRatingResponse } from '@kaimen/contracts';
import type { DB } from '@kaimen/db';
import {
  bumpCountersBy,
  consumeVisitToken,
  findRatingByIdempotencyKey,
  findRatingsByIdempotencyKeys,
  insertCitizenRatings,
  type NewCitizenRating,
} from '@kaimen/db';
import { quarantineReasons } from '@kaimen/domain';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';

export interface PreparedRating {
  rating: NewCitizenRating;
  visitTokenHash: Uint8Array | null;
  counters: { role: 'ip' | 'burst' | 'identical' | 'rater'; bucket: string; windowStart: Date }[];
  signals: { fillSeconds: number | undefined; honeypotFilled: boolean };
  limits: {
    ipPerMinute: number;
    raterPerDay: number;
    minFillSeconds: number;
    burstPerMinute: number;
    identicalPer10Minutes: number;
  };
}

type Outcome = { ok: SubmitRatingResponse } | { error: unknown } | { lookup: true };

const MAX_BATCH = 500;
const MAX_IN_FLIGHT = 2;

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
      outcomes = await this.db.transaction().execute((trx) =>
        writeBatch(
          trx,
          batch.map((p) => p.item),
        ),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const pending of batch) await this.#run([pending]);
      return;
    }
    await Promise.all(
      batch.map(async (pending, i) => {
        const outcome = outcomes[i] as Outcome;
        if ('ok' in outcome) return pending.resolve(outcome.ok);
        if ('error' in outcome) return pending.reject(outcome.error);
        // Stored by someone else (a retry in another batch or instance): answer what is stored.
        const stored = await findRatingByIdempotencyKey(this.db, pending.item.rating.idempotencyKey).catch(
          () => undefined,
        );
        if (stored)
          pending.resolve({
            ratingId: String(stored.id),
            verified: stored.verified,
            caseOpened: stored.case_id !== null,
          });
        else pending.reject(new Error('rating with this idempotency key is neither stored nor storable'));
      }),
    );
  }
}

async function writeBatch(trx: Kysely<DB>, items: PreparedRating[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = items.map(() => ({ lookup: true }));
  // 1. Retries of ratings already stored get the stored answer and count against no limit.
  const existing = new Map(
    (await findRatingsByIdempotencyKeys(trx, [...new Set(items.map((i) => i.rating.idempotencyKey))])).map(
      (r) => [r.idempotency_key, r],
    ),
  );
  const firstOfKey = new Map<string, number>();
  const fresh: number[] = [];
  items.forEach((item, i) => {
    const key = item.rating.idempotencyKey;
    const stored = existing.get(key);
    if (stored) {
      outcomes[i] = {
        ok: { ratingId: String(stored.id), verified: stored.verified, caseOpened: stored.case_id !== null },
      };
    } else if (!firstOfKey.has(key)) {
      firstOfKey.set(key, i);
      fresh.push(i);
    }
    // A second copy of a key in this batch waits for the first one's answer (lookup).
  });

  // 2. Limit counters: one upsert for the whole batch; each rating gets its own running count.
  const totals = new Map<string, { bucket: string; windowStart: Date; by: number }>();
  for (const i of fresh) {
    for (const c of (items[i] as PreparedRating).counters) {
      const id = `${c.bucket}@${c.windowStart.getTime()}`;
      const entry = totals.get(id) ?? { bucket: c.bucket, windowStart: c.windowStart, by: 0 };
      entry.by++;
      totals.set(id, entry);
    }
  }
  const finals = await bumpCountersBy(trx, [...totals.values()]);
  const seen = new Map<string, number>();
  const toInsert: NewCitizenRating[] = [];
  const insertedIndex: number[] = [];
  for (const i of fresh) {
    const item = items[i] as PreparedRating;
    const hits: Partial<Record<PreparedRating['counters'][number]['role'], number>> = {};
    for (const c of item.counters) {
      const id = `${c.bucket}@${c.windowStart.getTime()}`;
      const before = (finals.get(id) ?? 0) - (totals.get(id)?.by ?? 0);
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
    // 3. A one-time code is consumed in the same transaction as its rating.
    const rating = { ...item.rating };
    if (item.visitTokenHash) {
      const visit = await consumeVisitToken(trx, item.visitTokenHash, rating.now);
      if (!visit) {
        outcomes[i] = { error: new AppError('visit_token_used') };
        continue;
      }
      rating.visitTokenId = visit.id;
      rating.deviceId = visit.device_id;
    }
    const reasons = quarantineReasons(
      { ...item.signals, servicePointPerMinute: hits.burst ?? 0, identicalAnswers: hits.identical ?? 0 },
      item.limits,
    );
    rating.quarantineReason = reasons.length > 0 ? reasons.join(',') : null;
    toInsert.push(rating);
    insertedIndex.push(i);
  }

  // 4. The ratings, their cases and callback contacts.
  const ids = await insertCitizenRatings(trx, toInsert);
  insertedIndex.forEach((i, n) => {
    const rating = toInsert[n] as NewCitizenRating;
    const id = ids.get(rating.idempotencyKey);
    if (id !== undefined) {
      outcomes[i] = {
        ok: { ratingId: String(id), verified: rating.verified, caseOpened: rating.caseDueOn !== null },
      };
    }
  });
  // Later copies of a key in this batch share the first copy's outcome, refusal included.
  items.forEach((item, i) => {
    const first = firstOfKey.get(item.rating.idempotencyKey);
    if (first !== undefined && first !== i && 'lookup' in (outcomes[i] as Outcome))
      outcomes[i] = outcomes[first] as Outcome;
  });
  return outcomes;
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
