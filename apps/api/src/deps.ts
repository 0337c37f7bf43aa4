// What every route needs, passed in once when the app is composed (tests pass their own).
import type { DB } from '@kaimen/db';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';

export interface AppDeps {
  db: Kysely<DB>;
  config: Config;
  /** The server secret (KAIMEN_SECRET or the generated key file). */
  secret: Uint8Array;
  now: () => Date;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    staffUserId?: string;
    /** Set for an invited evaluator's session (a representative), never with staffUserId. */
    invitationId?: string;
  };
}
