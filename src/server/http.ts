import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { UpstreamClients } from '../upstream/index.js';

export interface HttpServerOptions {
  logger: Logger;
  upstreams: UpstreamClients;
}

/** The HTTP service: GraphQL (mounted by mountGraphQL), health, readiness and metrics. */
export function createHttpServer(options: HttpServerOptions) {
  const app = Fastify({ loggerInstance: options.logger, forceCloseConnections: true });
  const { upstreams } = options;

  app.get('/healthz', async () => ({ status: 'ok' }));

  // Ready when the shared cache (if any) is reachable; each upstream's breaker state is shown,
  // but an open circuit does not make the service unready: its other sources still answer.
  app.get('/readyz', async (_request, reply) => {
    const cache = upstreams.redis ? (upstreams.redis.isReady ? 'redis' : 'redis-unreachable') : 'memory';
    const sources = Object.fromEntries(
      Object.entries(upstreams.sources).map(([name, source]) => [name, { breaker: source.breakerState, credential: source.hasCredential }]),
    );
    return reply
      .code(cache === 'redis-unreachable' ? 503 : 200)
      .send({ status: cache === 'redis-unreachable' ? 'degraded' : 'ready', cache, upstreams: sources });
  });

  app.get('/metrics', async (_request, reply) =>
    reply.type(upstreams.metrics.registry.contentType).send(await upstreams.metrics.registry.metrics()),
  );

  return app;
}
