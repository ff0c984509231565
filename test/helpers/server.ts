import { readFileSync, readdirSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { afterEach, vi } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import type { Connections } from '../../src/connections.js';
import { readEnvironment } from '../../src/config.js';
import { SHARED_RESPONSES_NAMESPACE } from '../../src/caching/response-cache.js';
import { createApp } from '../../src/server/app.js';
import { useStarted } from './started.js';

/** A server a test sends GraphQL to, over HTTP (TestServer) or in process (InProcessServer). */
export interface GraphQLServer {
  connections: Connections;
  /** Runs one operation as POST /graphql: the status answered, and the body as JSON. */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface TestServer extends GraphQLServer {
  url: string;
  /** Moves on the clock `/metrics` keeps its rendering by (a second), so the next read renders anew without waiting. */
  advanceMetricsClock(ms: number): void;
}

export interface GraphQLBody {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

/** The whole server (HTTP, GraphQL, clients) on a free loopback port, against a sandbox. */
export async function startServer(
  sandbox: Sandbox,
  env: Record<string, string> = {},
  logger: Logger = pino({ level: 'silent' }),
): Promise<TestServer> {
  let metricsClockShift = 0;
  const metricsClock = () => performance.now() + metricsClockShift;
  // The event loop a test server would shed load by is the test's own, shared with the sandbox and
  // the test's clients: its lag on a busy machine says nothing of the server's load, so shedding
  // by lag is off unless a test turns it on (overload.test.ts).
  const app = await createApp({
    env: readEnvironment({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', ...sandbox.env, ...env }),
    logger,
    sandbox,
    metricsClock,
  });
  const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    connections: app.connections,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLBody };
    },
    advanceMetricsClock(ms) {
      metricsClockShift += ms;
    },
    close: () => app.close(),
  };
}

/**
 * Servers started afresh by a test, each with the file's `defaults` under the test's own variables,
 * and closed after it, even when it failed. A test that faked the clock gets real timers back
 * first: closing waits on real sockets.
 */
export function serversPerTest(
  sandbox: () => Sandbox,
  defaults: Record<string, string> = {},
): (env?: Record<string, string>) => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (env = {}) => {
    const server = await startServer(sandbox(), { ...defaults, ...env });
    started.push(server);
    return server;
  };
}

/**
 * Waits until the shared response cache (Redis) holds an answer: Apollo writes it in the
 * background, once the response is sent, so a replica asking at once may find nothing yet.
 */
export async function untilSharedResponseWritten(server: TestServer): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await server.connections.redis!.keys(`${SHARED_RESPONSES_NAMESPACE}::*`)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the shared response cache holds no answer after 5 s');
}

/** One server for the tests of the enclosing file or describe block, started before and closed after them. */
export function useServer(sandbox: () => Sandbox): () => TestServer {
  return useStarted(
    'server',
    () => startServer(sandbox()),
    (server) => server.close(),
  );
}

const EXAMPLES = new URL('../../schema/examples/', import.meta.url);

/** The client queries of the public contract, with the variables their header gives. */
export function exampleQueries(): { name: string; query: string; variables: Record<string, unknown> }[] {
  return readdirSync(EXAMPLES)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => {
      const query = readFileSync(new URL(file, EXAMPLES), 'utf8');
      const header = /^# Variables: (.*)$/m.exec(query)?.[1] ?? '{}';
      return { name: file.replace(/\.graphql$/, ''), query, variables: JSON.parse(header) as Record<string, unknown> };
    });
}

export function example(name: string): string {
  return readFileSync(new URL(`${name}.graphql`, EXAMPLES), 'utf8');
}
