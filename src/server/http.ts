import Fastify from 'fastify';
import type { Logger } from 'pino';

export interface HttpServerOptions {
  logger: Logger;
  /** Upstream origins in use, reported by /readyz. */
  upstreams: Record<string, string>;
}

/** The HTTP service. The GraphQL endpoint joins it with the schema; health routes are here now. */
export function createHttpServer(options: HttpServerOptions) {
  const app = Fastify({ loggerInstance: options.logger, forceCloseConnections: true });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async () => ({
    status: 'ready',
    upstreams: Object.fromEntries(Object.entries(options.upstreams).map(([name, url]) => [name, { url, state: 'unknown' }])),
  }));

  return app;
}
