// Kysely dialect for embedded PGlite. Kysely 0.29 ships one but declares Node >= 22; 0.28 (which
// admits Node 20, our floor) has none, and the separate kysely-pglite package lets a query run
// inside another caller's open transaction. This one mirrors 0.29's: PGlite is one connection,
// so callers take it in turn (a promise chain below), and a transaction runs inside
// `pglite.transaction()` so PGlite's own lock keeps every other statement out of it.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

class PgliteAdapter extends PostgresAdapter {
  // One process owns the data directory; there is nobody to lock migrations against.
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

export class PgliteDialect implements Dialect {
  readonly #open: () => Promise<PGlite>;
  constructor(options: { pglite: () => Promise<PGlite> }) {
    this.#open = options.pglite;
  }
  createAdapter(): DialectAdapter {
    return new PgliteAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.#open);
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PgliteDriver implements Driver {
  readonly #open: () => Promise<PGlite>;
  #pglite: PGlite | undefined;
  #connection: PgliteConnection | undefined;
  /** Resolves when the connection's current holder releases it. */
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(open: () => Promise<PGlite>) {
    this.#open = open;
  }

  async init(): Promise<void> {
    this.#pglite = await this.#open();
    await this.#pglite.waitReady;
    this.#connection = new PgliteConnection(this.#pglite);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection as PgliteConnection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await (connection as PgliteConnection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).commit();
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).rollback();
  }

  async destroy(): Promise<void> {
    if (this.#pglite && !this.#pglite.closed) await this.#pglite.close();
  }
}

class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  #transaction: Transaction | undefined;
  #finish: ((commit: boolean) => void) | undefined;
  #closed: Promise<void> | undefined;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await (this.#transaction ?? this.#pglite).query<R>(
      query.sql,
      query.parameters as unknown[],
      {
        rowMode: 'object',
      },
    );
    return {
      rows: result.rows ?? [],
      ...(result.affectedRows == null ? {} : { numAffectedRows: BigInt(result.affectedRows) }),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; Kysely's interface needs the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite cannot stream query results');
  }

  /** Opens `pglite.transaction()` and holds it open until commit or rollback settles it. */
  async begin(): Promise<void> {
    let begun!: () => void;
    const started = new Promise<void>((resolve) => {
      begun = resolve;
    });
    const settled = new Promise<boolean>((resolve) => {
      this.#finish = resolve;
    });
    this.#closed = this.#pglite.transaction(async (tx) => {
      this.#transaction = tx;
      begun();
      if (!(await settled)) await tx.rollback();
    });
    // A failing BEGIN rejects #closed before `begun` runs.
    await Promise.race([started, this.#closed]);
  }

  async commit(): Promise<void> {
    this.#finish?.(true);
    try {
      await this.#closed;
    } finally {
      this.#reset();
    }
  }

  async rollback(): Promise<void> {
    this.#finish?.(false);
    try {
      await this.#closed;
    } catch {
      // The transaction failed already; rolling it back is what was asked.
    } finally {
      this.#reset();
    }
  }

  #reset(): void {
    this.#transaction = undefined;
    this.#finish = undefined;
    this.#closed = undefined;
  }
}
