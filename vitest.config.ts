import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generating the sandbox world takes a few seconds per worker.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: 'forks',
  },
});
