// One way to open the database, whichever engine is behind it: embedded PGlite (the default
// for `pnpm start` and tests) or a PostgreSQL server through postgres.js. Results are
// normalised so callers cannot tell which: int8 and numeric come back as numbers, date as
// 'YYYY-MM-DD' strings, timestamptz as Date, jsonb parsed.
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { type CompiledQuery, type Dialect, Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { PgliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.generated.ts';

export type DbConfig =
  | { driver: 'pglite' /** null: in memory */; dataDir: string | null }
  | { driver: 'postgres'; url: string; poolSize?: number };

/** Raw access the migrator needs: multi-statement scripts inside a transaction. */
export interface RawTransaction {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
}
/** Runs one compiled statement on the connection a `pipelined` callback holds. */
export type RunStatement = <R>(query: CompiledQuery<R>) => Promise<R[]>;

export interface RawAccess {
  transaction<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T>;
  /**
   * Holds one connection for `fn`. On a PostgreSQL server, statements `fn` starts without
   * waiting for the one before are sent together and answered in order (Kysely would wait for
   * each answer before sending the next); on PGlite, which runs in this process, they run in turn.
   */
  pipelined<T>(fn: (run: RunStatement) => Promise<T>): Promise<T>;
  /** Closes the engine even when Kysely never ran a query (its driver then skips cleanup). */
  close(): Promise<void>;
}

class KaimenKysely extends Kysely<DB> {
  override async destroy(): Promise<void> {
    await super.destroy();
    await rawAccess.get(this)?.close();
  }
}

const rawAccess = new WeakMap<Kysely<DB>, RawAccess>();
const dialects = new WeakMap<Kysely<DB>, Dialect>();

/** The dialect a createDb() instance was opened with (the read router makes a second driver from it). */
export function dialectOf(db: Kysely<DB>): Dialect {
  const dialect = dialects.get(db);
  if (!dialect) throw new Error('this Kysely instance was not opened with createDb()');
  return dialect;
}

export function getRawAccess(db: Kysely<DB>): RawAccess {
  const raw = rawAccess.get(db);
  if (!raw) throw new Error('this Kysely instance was not opened with createDb()');
  return raw;
}

const OID = { int8: 20, numeric: 1700, date: 1082 } as const;
const asNumber = (value: string): number => Number(value);
const asIs = (value: string): string => value;

export function createDb(config: DbConfig): Kysely<DB> {
  const { dialect, raw }: { dialect: Dialect; raw: Omit<RawAccess, 'pipelined'> & Partial<RawAccess> } =
    config.driver === 'pglite' ? openPglite(config.dataDir) : openPostgres(config);
  const db = new KaimenKysely({ dialect });
  // PostgreSQL brings its own pipeline (openPostgres). PGlite has one connection, which Kysely
  // hands out in turn: its pipeline borrows it from Kysely, so its statements run one after
  // another and never interleave with another caller's transaction.
  const access: RawAccess = {
    pipelined: (fn) =>
      db.connection().execute((conn) => fn(async (query) => (await conn.executeQuery(query)).rows)),
    ...raw,
  };
  rawAccess.set(db, access);
  dialects.set(db, dialect);
  return db;
}

function openPglite(dataDir: string | null): { dialect: Dialect; raw: Omit<RawAccess, 'pipelined'> } {
  // PGlite creates only the last path segment itself.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Loaded on first use: an API on a PostgreSQL server never pays PGlite's ~40 MB of code.
  let instance: Promise<PGlite> | null = null;
  const pglite = () =>
    (instance ??= import('@electric-sql/pglite').then(
      ({ PGlite }) =>
        new PGlite({
          ...(dataDir ? { dataDir } : {}),
          parsers: { [OID.int8]: asNumber, [OID.numeric]: asNumber, [OID.date]: asIs },
        }),
    ));
  // PGlite is one connection, which the dialect hands out in turn; connect.test.ts guards that
  // a query never leaks into another caller's transaction.
  const dialect = new PgliteDialect({ pglite });
  const raw: Omit<RawAccess, 'pipelined'> = {
    transaction: async (fn) =>
      (await pglite()).transaction((tx) =>
        fn({
          query: async <T>(text: string, params?: unknown[]) =>
            (await tx.query<T>(text, params as unknown[])).rows,
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    close: async () => {
      const opened = instance && (await instance);
      if (opened && !opened.closed) await opened.close();
    },
  };
  return { dialect, raw };
}

/** postgres.js options that give the normalised results described at the top. */
export function postgresOptions(max: number) {
  return {
    max,
    onnotice: () => {},
    types: {
      int8: { to: OID.int8, from: [OID.int8], serialize: String, parse: asNumber },
      numeric: { to: OID.numeric, from: [OID.numeric], serialize: String, parse: asNumber },
      date: { to: OID.date, from: [OID.date], serialize: String, parse: asIs },
    },
  };
}

function openPostgres(config: { url: string; poolSize?: number }): {
  dialect: Dialect;
  raw: RawAccess;
} {
  const sql = returnReservationsBeforeEnd(postgres(config.url, postgresOptions(config.poolSize ?? 10)));
  const raw: RawAccess = {
    transaction: async (fn) =>
      (await sql.begin((tx) =>
        fn({
          query: async <T>(text: string, params?: unknown[]) =>
            (await tx.unsafe(text, params as never[])) as unknown as T[],
          exec: async (script) => {
            await tx.unsafe(script).simple();
          },
        }),
      )) as Awaited<ReturnType<typeof fn>>,
    pipelined: async (fn) => {
      const reserved = await sql.reserve();
      try {
        return await fn(
          async <R>(query: CompiledQuery<R>) =>
            (await reserved.unsafe(query.sql, query.parameters as never[], {
              prepare: true,
            })) as unknown as R[],
        );
      } finally {
        reserved.release();
      }
    },
    close: () => sql.end(),
  };
  return { dialect: new PostgresJSDialect({ postgres: sql }), raw };
}

/**
 * postgres.js 3.4.9 never finishes `end()` if a reserved connection is released after `end()`
 * began: the connection goes back to the pool and nothing terminates it. Kysely reserves a
 * connection for every query, so closing while any query ran (a SIGTERM during a maintenance
 * round, a test closing its database) hung for ever. This pool counts reserved connections,
 * and its `end()` waits until every one is back before ending the real pool.
 */
export function returnReservationsBeforeEnd(
  sql: postgres.Sql,
  defaults: { endTimeoutSeconds?: number } = {},
): postgres.Sql {
  let out = 0;
  const waiting: (() => void)[] = [];
  const returned = () => {
    out--;
    if (out === 0) for (const resume of waiting.splice(0)) resume();
  };
  const reserve = async (): Promise<postgres.ReservedSql> => {
    out++; // counted while queued too: end() must wait for it
    let reserved: postgres.ReservedSql;
    try {
      reserved = await sql.reserve();
    } catch (error) {
      returned();
      throw error;
    }
    const release = reserved.release;
    let released = false;
    reserved.release = () => {
      release();
      if (!released) {
        released = true;
        returned();
      }
    };
    return reserved;
  };
  const end: postgres.Sql['end'] = async (options) => {
    if (out > 0) await new Promise<void>((resume) => waiting.push(resume));
    return sql.end(
      options ??
        (defaults.endTimeoutSeconds === undefined ? undefined : { timeout: defaults.endTimeoutSeconds }),
    );
  };
  return new Proxy(sql, {
    get: (target, property, receiver) =>
      property === 'reserve' ? reserve : property === 'end' ? end : Reflect.get(target, property, receiver),
  });
}
