import { defineConfig } from 'vitest/config';

// Browser tests: one server and one Chromium per file, files one after another (they share the
// machine's CPU with an embedded database that loads the demo zone on first start).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 420_000,
    allowOnly: false,
  },
});
