// What every route needs, passed in once when the app is composed (tests pass their own).
import type { DB } from '@kaimen/db';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';

export interface AppDeps {
  db: Kysely<DB>;
  config: Pick<
    Config,
    'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS' | 'SIGN_IN_MAX_FAILURES' | 'SIGN_IN_LOCK_MINUTES'
  >;
  now: () => Date;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    staffUserId?: string;
  };
}
