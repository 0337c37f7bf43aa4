// Reads that may be a few seconds old (dashboards, the public page, dataset downloads, exports)
// can go to a streaming replica; everything that must be exact stays on the primary. The read
// database is one Kysely instance whose driver picks, per connection, the replica while it is
// healthy and the primary otherwise, so a route never needs to know which it got:
//   - a probe every `checkMs` asks the replica whether it is a standby, still streaming from the
//     primary, and how far its replay is behind; past `maxLagSeconds`, or not streaming, or not
//     answering within the probe's timeout, reads go to the primary until a probe says otherwise;
//   - a connection the replica refuses (it was stopped between probes) is taken from the primary
//     instead, and a statement that fails because the replica went away before its first row is
//     run again on the primary (outside a transaction), so a reader sees no error either way.
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { dialectOf, postgresOptions, returnReservationsBeforeEnd } from './connect.ts';
import type { DB } from './schema.generated.ts';

export interface ReplicaOptions {
  url: string;
  poolSize?: number;
  /** Replay lag beyond which reads go to the primary. */
  maxLagSeconds: number;
  /** How often the replica is probed. */
  checkMs: number;
}

export interface ReadRouting {
  /** Which database the lag-tolerant reads use right now, and why. */
  uses: 'replica' | 'primary';
  reason: string;
  lagSeconds: number | null;
  checkedAt: string | null;
  /** Times reads moved from the replica to the primary since start. */
  fallbacks: number;
}

export interface ReadDatabase {
  /** Lag-tolerant reads: the replica when healthy, else the primary. */
  readDb: Kysely<DB>;
  routing(): ReadRouting;
  /** Probes the replica now (the timer does this every checkMs). */
  check(): Promise<void>;
  close(): Promise<void>;
}

interface ProbeRow {
  standby: boolean;
  receiver: string | null;
  lag_seconds: number | string | null;
}

// Replay lag is 0 when the replica has replayed all it received; otherwise the age of the last
// replayed transaction (on an idle primary nothing new arrives, so that age alone would grow).
const PROBE = `SELECT pg_is_in_recovery() AS standby,
  (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver,
  CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END AS lag_seconds`;

/** Errors that mean the server is gone or not accepting work, not that the statement is wrong. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; errno?: string } | null;
  const code = e?.code ?? e?.errno ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
      'CONNECT_TIMEOUT',
    ].includes(code) || /^(08|57P0)/.test(code)
  );
}

export function openReadDatabase(primary: Kysely<DB>, options: ReplicaOptions): ReadDatabase {
  const sql = returnReservationsBeforeEnd(
    postgres(options.url, { ...postgresOptions(options.poolSize ?? 10), connect_timeout: 2 }),
    // A connection that lived through a replica restart never finishes a plain end() in
    // postgres.js 3.4.9; past the timeout end() terminates it.
    { endTimeoutSeconds: 2 },
  );
  const state: ReadRouting = {
    uses: 'primary',
    reason: 'replica not checked yet',
    lagSeconds: null,
    checkedAt: null,
    fallbacks: 0,
  };
  const useReplica = () => {
    state.uses = 'replica';
    state.reason = 'replica streaming within the lag bound';
  };
  const usePrimary = (reason: string) => {
    if (state.uses === 'replica') state.fallbacks++;
    state.uses = 'primary';
    state.reason = reason;
  };

  const check = async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const rows = (await Promise.race([
        sql.unsafe(PROBE),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('probe timed out')), Math.max(500, options.checkMs));
        }),
      ])) as unknown as ProbeRow[];
      const row = rows[0];
      state.checkedAt = new Date().toISOString();
      if (!row?.standby) return usePrimary('the replica URL is not a standby');
      const lag = Number(row.lag_seconds ?? 0);
      state.lagSeconds = lag;
      if (row.receiver !== 'streaming') return usePrimary('the replica is not streaming from the primary');
      if (lag > options.maxLagSeconds)
        return usePrimary(`replica ${lag.toFixed(1)} s behind (bound ${options.maxLagSeconds} s)`);
      useReplica();
    } catch (error) {
      state.checkedAt = new Date().toISOString();
      usePrimary(`replica unreachable: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  };
  let checking: Promise<void> | null = null;
  const checkOnce = () => (checking ??= check().finally(() => (checking = null)));
  const timer = setInterval(() => void checkOnce(), options.checkMs);
  timer.unref();
  void checkOnce();

  const replicaDriver = new PostgresJSDialect({ postgres: sql }).createDriver();
  const primaryDriver = dialectOf(primary).createDriver();
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createDriver: () =>
      new RoutingDriver(primaryDriver, replicaDriver, {
        healthy: () => state.uses === 'replica',
        markDown: (error) => usePrimary(`replica failed a read: ${(error as Error).message}`),
      }),
  };
  const readDb = new Kysely<DB>({ dialect });
  return {
    readDb,
    routing: () => ({ ...state }),
    check: checkOnce,
    close: async () => {
      clearInterval(timer);
      await checking;
      // Ends only the replica's pool: the primary's belongs to the primary Kysely.
      await readDb.destroy();
    },
  };
}

interface Health {
  healthy(): boolean;
  markDown(error: unknown): void;
}

class RoutingDriver implements Driver {
  readonly #owner = new WeakMap<DatabaseConnection, Driver>();
  readonly #inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  readonly #inTransaction = new WeakSet<DatabaseConnection>();

  constructor(
    private readonly primary: Driver,
    private readonly replica: Driver,
    private readonly health: Health,
  ) {}

  async init(): Promise<void> {
    await this.replica.init();
    await this.primary.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.health.healthy()) {
      try {
        return this.#wrap(await this.replica.acquireConnection(), this.replica);
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        this.health.markDown(error);
      }
    }
    return this.#wrap(await this.primary.acquireConnection(), this.primary);
  }

  #wrap(inner: DatabaseConnection, owner: Driver): DatabaseConnection {
    const fallback = async (error: unknown): Promise<DatabaseConnection> => {
      if (owner !== this.replica || this.#inTransaction.has(connection) || !isConnectionError(error))
        throw error;
      this.health.markDown(error);
      return this.primary.acquireConnection();
    };
    const primary = this.primary;
    const connection: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        try {
          return await inner.executeQuery<R>(query);
        } catch (error) {
          const other = await fallback(error);
          try {
            return await other.executeQuery<R>(query);
          } finally {
            await primary.releaseConnection(other);
          }
        }
      },
      streamQuery: async function* <R>(query: CompiledQuery, chunkSize?: number) {
        let started = false;
        try {
          for await (const chunk of inner.streamQuery<R>(query, chunkSize)) {
            started = true;
            yield chunk;
          }
        } catch (error) {
          // Rows already sent cannot be taken back: only a stream that never started moves.
          if (started) throw error;
          const other = await fallback(error);
          try {
            yield* other.streamQuery<R>(query, chunkSize);
          } finally {
            await primary.releaseConnection(other);
          }
        }
      },
    };
    this.#owner.set(connection, owner);
    this.#inner.set(connection, inner);
    return connection;
  }

  #route(connection: DatabaseConnection): [Driver, DatabaseConnection] {
    const owner = this.#owner.get(connection);
    const inner = this.#inner.get(connection);
    if (!owner || !inner) throw new Error('connection not acquired from this driver');
    return [owner, inner];
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const [owner, inner] = this.#route(connection);
    this.#inTransaction.add(connection);
    await owner.beginTransaction(inner, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const [owner, inner] = this.#route(connection);
    this.#inTransaction.delete(connection);
    await owner.commitTransaction(inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const [owner, inner] = this.#route(connection);
    this.#inTransaction.delete(connection);
    await owner.rollbackTransaction(inner);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const [owner, inner] = this.#route(connection);
    await owner.releaseConnection(inner);
  }

  async destroy(): Promise<void> {
    // The primary driver shares the primary Kysely's pool, which that instance ends.
    await this.replica.destroy();
  }
}
