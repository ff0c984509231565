import { defineConfig } from 'vitest/config';

/**
 * Test files that take tens of seconds each by design (a one-minute soak, the benchmark's smoke
 * run, replicas behind a balancer): `npm run test:long` runs them (vitest.long.config.ts), and
 * .ci/run runs it after `npm test`, so `npm test` answers within a few minutes.
 */
export const LONG_TESTS = ['test/reliability/soak.test.ts', 'test/bench.test.ts', 'test/federation/replicas.test.ts'];

/** Tests of the schema and resolvers that read GraphQL answers only: no socket between them and the server. */
const IN_PROCESS_TESTS = 'test/graphql/in-process/**/*.test.ts';

export default defineConfig({
  // graphql 16 has no "exports" map: Node resolves it to its CommonJS build while Vite would pick
  // the ESM one, and two copies of graphql cannot share a schema. Tests use Node's choice.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    // Generating the sandbox world takes a few seconds per worker.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: 'forks',
    // One worker per core (vitest's default leaves one core free): most of a test's time is spent
    // waiting on sockets and timers, so two files interleave well on CI's two cores.
    maxWorkers: '100%',
    // Three tiers, run together by `npm test`, each alone by `npx vitest run --project <name>`.
    projects: [
      // Unit tests beside the code they test: no sandbox, no socket; each file in its own module graph.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          // Schema and resolvers: GraphQL answers through Apollo's executeOperation, no HTTP
          // (test/helpers/operation.ts), against the sandbox; files of a worker share its modules.
          name: 'in-process',
          include: [IN_PROCESS_TESTS],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The server over HTTP and its clients against the sandbox, a real Redis, a browser.
          name: 'sandbox',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', IN_PROCESS_TESTS, ...LONG_TESTS],
          // Files of a worker share its module cache: the sandbox world (sandbox/world.ts) is
          // generated and the server's modules are loaded once per worker instead of once per file.
          // Safe because no test mocks modules or changes process.env, and each file starts its
          // own sandbox and server.
          isolate: false,
        },
      },
    ],
  },
});
