import { defineConfig } from 'vitest/config';

// Unit, database and API tests. Database tests run on embedded PGlite unless DATABASE_URL is set,
// in which case the very same tests run against that PostgreSQL + PostGIS.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    allowOnly: false,
  },
});
