// Which database a release download reads its rows from. A release's rows and its 'ready' state
// are committed in one transaction, and a replica replays commits in order, so a replica that
// already shows the release as ready holds all of its rows; one that does not yet (it lags the
// build by a moment) is passed over for the primary. Downloads are the heaviest reads we have,
// which is why they go to the replica at all.
import { type DB, findRelease } from '@kaimen/db';
import type { Kysely } from 'kysely';
import { type AppDeps, readDbOf } from '../deps.ts';

export async function releaseRowsDb(deps: AppDeps, releaseId: string): Promise<Kysely<DB>> {
  const readDb = readDbOf(deps);
  if (readDb === deps.db) return deps.db;
  const seen = await findRelease(readDb, releaseId);
  return seen?.state === 'ready' ? readDb : deps.db;
}
