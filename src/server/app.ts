import type { Logger } from 'pino';
import { createUpstreamClients, type UpstreamClients } from '../clients.js';
import type { Environment } from '../config.js';
import { resolveUpstreams, type SandboxVariables, type Upstreams } from '../upstreams.js';
import { mountGraphQL } from './graphql.js';
import { createHttpServer, type HttpServer } from './http.js';
import { createMetricsServer, type MetricsServer } from './metrics-endpoint.js';
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
}

/** The whole server, not yet listening. */
export interface App {
  /** The HTTP service (Fastify) with GraphQL mounted: `http.listen()` serves it. */
  http: HttpServer;
  /** With METRICS_PORT, the listener of its own for `/metrics` (then not on `http`) and a detailed `/readyz`; the caller listens. */
  metrics: MetricsServer | undefined;
  clients: UpstreamClients;
  /** Where each source is reached, and with which credential. */
  upstreams: Upstreams;
  /**
   * Stops serving: Apollo drains the HTTP server (requests in flight are answered first), then
   * the clients close (Redis, open sockets). What the caller started (a sandbox, tracing) is
   * the caller's to stop.
   */
  close(): Promise<void>;
}

/**
 * Builds the server from a validated environment: upstream clients, the HTTP service and
 * GraphQL. The one way to build it, for `npm start` (src/main.ts) and the tests alike.
 */
export async function createApp({ env, logger, sandbox }: AppOptions): Promise<App> {
  const upstreams = resolveUpstreams(env, sandbox);
  const clients = createUpstreamClients(env, upstreams, logger);
  const http = await createHttpServer({ logger, upstreams: clients, config: env });
  const apollo = await mountGraphQL(http, clients, env);
  const metrics = env.METRICS_PORT === undefined ? undefined : createMetricsServer(clients.metrics.registry, logger);
  // The operators' listener tells readiness in detail (credentials configured, latest errors).
  if (metrics) registerReadinessRoute(metrics, clients, true);
  return {
    http,
    metrics,
    clients,
    upstreams,
    async close() {
      await apollo.stop();
      await metrics?.close();
      await clients.close();
    },
  };
}
