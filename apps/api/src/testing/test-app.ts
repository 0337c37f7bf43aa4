// An API instance over a fresh test database, for route tests with app.request().

import { randomBytes } from 'node:crypto';
import { openTestDatabase, type TestDatabase } from '@kaimen/db/testing/test-database';
import { createApp } from '../app.ts';
import { parseConfig } from '../config.ts';
import type { AppDeps } from '../deps.ts';

export const TEST_CONFIG: AppDeps['config'] = {
  ...parseConfig({ PUBLIC_ORIGIN: 'http://kaimen.test' }),
  SIGN_IN_MAX_FAILURES: 3,
};
export const TEST_SECRET = randomBytes(32);

export interface TestApp extends TestDatabase {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  /** Moves the app's clock; undefined gives it back to the real one. */
  setNow(date: Date | undefined): void;
}

export async function openTestApp(): Promise<TestApp> {
  const database = await openTestDatabase();
  let now: Date | undefined;
  const deps: AppDeps = {
    db: database.db,
    config: TEST_CONFIG,
    secret: TEST_SECRET,
    now: () => now ?? new Date(),
  };
  return {
    ...database,
    app: createApp(deps),
    deps,
    setNow: (date) => {
      now = date;
    },
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Signs a staff member in through the API and returns the Authorization header. */
export async function signInAs(t: TestApp, login: string, password: string): Promise<Record<string, string>> {
  const res = await t.app.request('/v1/auth/sign-in', json({ login, password }));
  if (res.status !== 200) throw new Error(`sign-in as ${login} failed: ${res.status}`);
  const { session } = (await res.json()) as { session: { token: string } };
  return { authorization: `Bearer ${session.token}` };
}
