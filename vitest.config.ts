import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'connectors/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Pipeline tests share one Redis; each file uses its own queue prefix, but CPU is scarce (2 cores).
    maxWorkers: 2,
    pool: 'forks',
  },
});
