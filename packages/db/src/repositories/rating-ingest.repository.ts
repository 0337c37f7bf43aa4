// The batched write of citizen ratings (apps/api rating-batcher.ts decides; this writes).
// One batch is one transaction in two round trips on one connection, whatever its size:
//   1. BEGIN, the stored ratings of the batch's idempotency keys, and the limit counters
//      bumped for the whole batch — sent together, without waiting between them;
//   2. one statement that consumes the one-time visit codes and inserts the ratings with
//      their cases and callback contacts, sent together with COMMIT.
// (Kysely waits for each answer before sending the next statement of a connection, so the
// statements go through the driver's own connection: connect.ts `pipelined`.) Between the
// steps the caller decides, from what step 1 returned, which ratings to write. The
// counters are bumped before anyone knows which keys are already stored, so the caller also
// names the bumps of the ratings it found stored (retries count against no limit): they are
// taken back in step 2, on rows this transaction has held locked since step 1.
// Every statement has a fixed text (rows travel as one jsonb parameter), so each is prepared
// once per connection and later batches are never held up by a describe round trip.
// A failure anywhere rolls the whole batch back; the caller retries its ratings one by one.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { getRawAccess } from '../connect.ts';
import type { DB } from '../schema.generated.ts';
import type { NewCitizenRating } from './citizen-rating.repository.ts';

export interface CounterBump {
  bucket: string;
  windowStart: Date;
  by: number;
}

export interface StoredRating {
  id: number;
  idempotency_key: string;
  verified: boolean;
  case_id: string | null;
}

export interface RatingToWrite extends NewCitizenRating {
  /** SHA-256 of a one-time visit code: the rating is written only if this call consumes it. */
  visitTokenHash: Uint8Array | null;
}

export interface RatingWriteResult {
  /** Ratings this batch stored, by idempotency key. */
  stored: Map<string, { id: number; deviceId: string | null }>;
  /** Idempotency keys whose visit code was already used or expired: nothing was written. */
  tokenRefused: Set<string>;
}

export const counterId = (bucket: string, windowStart: Date) => `${bucket}@${windowStart.getTime()}`;

export async function writeRatingBatch<T>(
  db: Kysely<DB>,
  lookup: { keys: string[]; bumps: CounterBump[] },
  decide: (found: { existing: Map<string, StoredRating>; counts: Map<string, number> }) => {
    ratings: RatingToWrite[];
    /** Bumps to take back (of ratings found already stored). */
    takeBack: CounterBump[];
    context: T;
  },
): Promise<{ result: RatingWriteResult; context: T }> {
  return getRawAccess(db).pipelined(async (send) => {
    const run = <R>(query: RawBuilder<R>) => send(query.compile(db));
    try {
      // Started in this order, without waiting: the driver sends them in this order.
      const [, existing, counters] = await Promise.all([
        run(sql`BEGIN`),
        lookupStored(run, lookup.keys),
        bumpCounters(run, lookup.bumps),
      ]);
      const { ratings, takeBack, context } = decide({ existing, counts: counters });
      const [result] = await Promise.all([
        insertRatings(run, ratings),
        unbumpCounters(run, takeBack),
        run(sql`COMMIT`),
      ]);
      return { result, context };
    } catch (error) {
      // Ends the transaction whatever failed: a statement sent after a failed one was refused
      // (the transaction is aborted), and a COMMIT of an aborted transaction rolls it back.
      await run(sql`ROLLBACK`).catch(() => undefined);
      throw error;
    }
  });
}

type Run = <R>(query: RawBuilder<R>) => Promise<R[]>;

async function lookupStored(run: Run, keys: string[]): Promise<Map<string, StoredRating>> {
  if (keys.length === 0) return new Map();
  const rows = await run(sql<StoredRating>`
    SELECT r.id, r.idempotency_key, r.verified, nc.id AS case_id
    FROM citizen_rating r LEFT JOIN negative_rating_case nc ON nc.rating_id = r.id
    WHERE r.idempotency_key = ANY (ARRAY(SELECT jsonb_array_elements_text(${keys}::jsonb)::uuid))`);
  return new Map(rows.map((r) => [r.idempotency_key, r]));
}

/**
 * Adds `by` to each counter and returns the new totals. Rows are locked in a fixed order
 * (by bucket and window), so concurrent batches cannot deadlock on them.
 */
const counterRows = (bumps: CounterBump[]) =>
  bumps.map((b) => ({ bucket: b.bucket, window_start: b.windowStart, hits: b.by }));

async function bumpCounters(run: Run, bumps: CounterBump[]): Promise<Map<string, number>> {
  if (bumps.length === 0) return new Map();
  // The counter's id (counterId's form, bucket@milliseconds) is built here, so no timestamp is
  // parsed per row; counterId and this expression must stay the same.
  const rows = await run(sql<{ id: string; hits: number }>`
    INSERT INTO rate_limit_counter AS t (bucket, window_start, hits)
    SELECT bucket, window_start, hits
    FROM jsonb_to_recordset(${counterRows(bumps)}::jsonb)
      AS x (bucket text, window_start timestamptz, hits integer)
    ORDER BY bucket, window_start
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = t.hits + EXCLUDED.hits
    RETURNING bucket || '@' || (extract(epoch FROM window_start) * 1000)::bigint AS id, hits`);
  return new Map(rows.map((r) => [r.id, r.hits]));
}

async function unbumpCounters(run: Run, bumps: CounterBump[]): Promise<void> {
  if (bumps.length === 0) return;
  await run(sql`
    UPDATE rate_limit_counter t SET hits = t.hits - x.hits
    FROM jsonb_to_recordset(${counterRows(bumps)}::jsonb)
      AS x (bucket text, window_start timestamptz, hits integer)
    WHERE t.bucket = x.bucket AND t.window_start = x.window_start`);
}

const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

async function insertRatings(run: Run, ratings: RatingToWrite[]): Promise<RatingWriteResult> {
  const result: RatingWriteResult = { stored: new Map(), tokenRefused: new Set() };
  if (ratings.length === 0) return result;
  const input = ratings.map((r, n) => ({
    n,
    cycle_id: r.cycleId,
    unit_id: r.unitId,
    service_point_id: r.servicePointId,
    source: r.source,
    verified: r.verified,
    device_id: r.deviceId,
    overall: r.overall,
    aspect_answers: r.aspects,
    comment: r.comment,
    quarantine_reason: r.quarantineReason,
    idempotency_key: r.idempotencyKey,
    created_at: r.now,
    case_due_on: r.caseDueOn,
    phone_encrypted: hex(r.phoneEncrypted),
    visit_token_hash: hex(r.visitTokenHash),
  }));
  // A visit code is consumed in the same statement as its rating; of two ratings with one code
  // only one consumes it, and its rating carries the device that issued the code. Cases and
  // contacts reference the new ratings (foreign keys are checked at the end of the statement,
  // when the ratings exist).
  const rows = await run(sql<{
    idempotency_key: string;
    id: number | null;
    device_id: string | null;
    token_refused: boolean;
  }>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x (
        n integer, cycle_id uuid, unit_id uuid, service_point_id uuid, source text, verified boolean,
        device_id uuid, overall smallint, aspect_answers jsonb, comment text, quarantine_reason text,
        idempotency_key uuid, created_at timestamptz, case_due_on date, phone_encrypted text,
        visit_token_hash text)
    ), consumed AS (
      UPDATE visit_token v SET consumed_at = i.created_at
      FROM input i
      WHERE i.visit_token_hash IS NOT NULL AND v.token_hash = decode(i.visit_token_hash, 'hex')
        AND v.consumed_at IS NULL AND v.expires_at > i.created_at
      RETURNING v.id, v.device_id, i.n
    ), inserted AS (
      INSERT INTO citizen_rating (cycle_id, unit_id, service_point_id, source, verified, visit_token_id,
        device_id, overall, aspect_answers, comment, quarantine_state, quarantine_reason, idempotency_key,
        created_at)
      SELECT i.cycle_id, i.unit_id, i.service_point_id, i.source, i.verified, c.id,
        CASE WHEN c.id IS NULL THEN i.device_id ELSE c.device_id END, i.overall, i.aspect_answers, i.comment,
        CASE WHEN i.quarantine_reason IS NULL THEN 'none' ELSE 'quarantined' END, i.quarantine_reason,
        i.idempotency_key, i.created_at
      FROM input i LEFT JOIN consumed c ON c.n = i.n
      WHERE i.visit_token_hash IS NULL OR c.id IS NOT NULL
      ORDER BY i.n
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id, idempotency_key, device_id
    ), cases AS (
      INSERT INTO negative_rating_case (rating_id, unit_id, opened_at, due_on)
      SELECT r.id, i.unit_id, i.created_at, i.case_due_on
      FROM inserted r JOIN input i ON i.idempotency_key = r.idempotency_key
      WHERE i.case_due_on IS NOT NULL
    ), contacts AS (
      INSERT INTO callback_contact (rating_id, phone_encrypted, consented_at)
      SELECT r.id, decode(i.phone_encrypted, 'hex'), i.created_at
      FROM inserted r JOIN input i ON i.idempotency_key = r.idempotency_key
      WHERE i.phone_encrypted IS NOT NULL
    )
    SELECT i.idempotency_key, r.id, r.device_id,
      (i.visit_token_hash IS NOT NULL AND c.id IS NULL) AS token_refused
    FROM input i
    LEFT JOIN consumed c ON c.n = i.n
    LEFT JOIN inserted r ON r.idempotency_key = i.idempotency_key`);
  for (const row of rows) {
    if (row.token_refused) result.tokenRefused.add(row.idempotency_key);
    else if (row.id !== null) result.stored.set(row.idempotency_key, { id: row.id, deviceId: row.device_id });
  }
  return result;
}
