import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 has no "exports" map: Node resolves it to its CommonJS build while Vite would pick
  // the ESM one, and two copies of graphql cannot share a schema. Tests use Node's choice.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Generating the sandbox world takes a few seconds per worker.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: 'forks',
  },
});
