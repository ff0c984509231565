import { HeaderMap } from '@apollo/server';
import { pino } from 'pino';
import type { Sandbox } from '../../sandbox/index.js';
import { readEnvironment } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import type { GraphQLBody, GraphQLServer } from './server.js';
import { useStarted } from './started.js';

/**
 * The server built whole (connections, Apollo and its plugins) but never listening: operations
 * run through Apollo's `executeOperation`, with the context an HTTP request from 127.0.0.1 with
 * the same headers would get (its scope and loaders). For tests that read GraphQL answers and the
 * status Apollo's plugins set, not what only HTTP carries (sockets, Fastify's headers and hooks).
 */
export type InProcessServer = GraphQLServer;

export async function startInProcess(sandbox: Sandbox, env: Record<string, string> = {}): Promise<InProcessServer> {
  const app = await createApp({ env: readEnvironment({ ...sandbox.env, ...env }), logger: pino({ level: 'silent' }), sandbox });
  let requests = 0;
  return {
    connections: app.connections,
    async graphql(query, variables, headers = {}) {
      const lowerCased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
      const http = { method: 'POST', headers: new HeaderMap(Object.entries(lowerCased)), search: '', body: { query, variables } };
      const response = await app.graphql.apollo.executeOperation(
        { query, variables, http },
        { contextValue: app.graphql.contextOf({ id: `in-process-${++requests}`, ip: '127.0.0.1', headers: lowerCased }) },
      );
      if (response.body.kind !== 'single') throw new Error('in-process operations answer single results only');
      // Through JSON, as a client reads it: no undefined members, no Error instances.
      return { status: response.http.status ?? 200, body: JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLBody };
    },
    close: () => app.close(),
  };
}

/** One in-process server for the tests of the enclosing file or describe block, built before and closed after them. */
export function useInProcess(sandbox: () => Sandbox): () => InProcessServer {
  return useStarted(
    'in-process server',
    () => startInProcess(sandbox()),
    (server) => server.close(),
  );
}
