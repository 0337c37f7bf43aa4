import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/api/src/**/*.test.ts',
      // Plain server-side modules of the web app (no SvelteKit runtime needed).
      'apps/web/src/lib/**/*.test.ts',
      'tools/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    // Opening PGlite takes seconds on a busy shared machine.
    hookTimeout: 60_000,
    // Browser flows sign in several people in turn; on a busy shared machine that takes a while.
    testTimeout: 180_000,
    pool: 'forks',
  },
});
