// What every route needs, passed in once when the app is composed (tests pass their own).
import type { DB, ReadRouting } from '@kaimen/db';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';

export interface AppDeps {
  db: Kysely<DB>;
  config: Config;
  /** The server secret (KAIMEN_SECRET or the generated key file). */
  secret: Uint8Array;
  now: () => Date;
  /**
   * Reads that may be a few seconds old (dashboards, public page, dataset downloads, exports):
   * a streaming replica while it is healthy, else the primary (DATABASE_REPLICA_URL). Absent: `db`.
   */
  readDb?: Kysely<DB>;
  /** Where `readDb` reads go now, for /readyz. */
  readRouting?: () => ReadRouting;
}

/** The database for lag-tolerant reads; never use it for anything that must be exact. */
export const readDbOf = (deps: AppDeps): Kysely<DB> => deps.readDb ?? deps.db;

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    staffUserId?: string;
    /** Set for an invited evaluator's session (a representative), never with staffUserId. */
    invitationId?: string;
  };
}
