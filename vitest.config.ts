import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/api/src/**/*.test.ts',
      'tools/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    // Opening PGlite takes seconds on a busy shared machine.
    hookTimeout: 60_000,
    testTimeout: 60_000,
    pool: 'forks',
  },
});
