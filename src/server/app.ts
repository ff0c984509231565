import type { Logger } from 'pino';
import { createConnections, type Connections } from '../connections.js';
import type { Environment } from '../config.js';
import { resolveOrigins, type SandboxVariables, type SourceOrigins } from '../origins.js';
import { mountGraphQL, type InProcessGraphQL } from './graphql.js';
import { createHttpServer, type HttpServer } from './http.js';
import { createMetricsServer, type MetricsClock, type MetricsServer } from './metrics-endpoint.js';
import { registerReadinessRoute } from './readiness.js';

export interface AppOptions {
  /** The validated environment (`readEnvironment()`). */
  env: Environment;
  logger: Logger;
  /**
   * A running sandbox, which the sources without their own `<PREFIX>_URL` are pointed at: the
   * embedded one in sandbox mode, or a test's.
   */
  sandbox?: SandboxVariables;
  /**
   * The clock `/metrics` keeps its rendering for a second by (performance.now when absent): the
   * tests move theirs on instead of waiting.
   */
  metricsClock?: MetricsClock;
}

/** The whole server, not yet listening. */
export interface App {
  /** The HTTP service (Fastify) with GraphQL mounted: `http.listen()` serves it. */
  http: HttpServer;
  /** With METRICS_PORT, the listener of its own for `/metrics` (then not on `http`) and a detailed `/readyz`; the caller listens. */
  metrics: MetricsServer | undefined;
  /** Each source's policies and client, and the Redis link: built once, closed by `close()`. */
  connections: Connections;
  /** Where each source is reached, and with which credential. */
  origins: SourceOrigins;
  /** GraphQL without HTTP, as the in-process tests run it. */
  graphql: InProcessGraphQL;
  /**
   * Stops serving: Apollo drains the HTTP server (requests in flight are answered first), then
   * the connections close (Redis, open sockets). What the caller started (a sandbox, tracing) is
   * the caller's to stop.
   */
  close(): Promise<void>;
}

/**
 * Builds the server from a validated environment: its connections (each source's policies and
 * client, the Redis link), the HTTP service and GraphQL. The one way to build it, for `npm start` (src/main.ts) and the tests alike.
 */
export async function createApp({ env, logger, sandbox, metricsClock }: AppOptions): Promise<App> {
  const origins = resolveOrigins(env, sandbox);
  const connections = createConnections(env, origins, logger);
  const http = await createHttpServer({ logger, connections, config: env, metricsClock });
  const graphql = await mountGraphQL(http, connections, env);
  const metrics = env.METRICS_PORT === undefined ? undefined : createMetricsServer(connections.metrics.registry, logger, metricsClock);
  // The operators' listener tells readiness in detail (credentials configured, latest errors).
  if (metrics) registerReadinessRoute(metrics, connections, true);
  return {
    http,
    metrics,
    connections,
    origins,
    graphql,
    async close() {
      await graphql.apollo.stop();
      await metrics?.close();
      await connections.close();
    },
  };
}
