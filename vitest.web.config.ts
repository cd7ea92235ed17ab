import { defineConfig } from 'vitest/config';

// The web app's pure unit tests (test/web/): no database, so none of the main config's template
// setup. `npm test` runs them too (under vitest.config.ts); this config is for running them alone.
export default defineConfig({
  test: {
    include: ['test/web/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    allowOnly: false,
  },
});
