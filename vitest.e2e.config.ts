import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Browser tests: one file at a time against one running platform.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    // Only a test whose Chromium died under it runs again (the platform prints Chromium's last
    // output and starts a new one); a failing assertion or a page error is never retried.
    retry: { count: 1, condition: /Target page, context or browser has been closed|Browser closed/ },
  },
});
