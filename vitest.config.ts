import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Only to prove that a test ends: integration tests start servers and CLI processes one after another, a few
    // seconds idle and 5-10 times that with both cores busy (npm test must pass on a loaded machine).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests spawn servers and bind ports; two cores are all CI has.
    pool: 'forks',
    maxWorkers: 2,
  },
});
