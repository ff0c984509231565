import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/**
 * How long a rendered `/metrics` text is served again. Rendering walks every series; a scraper
 * asks every 15 s or more, so a second's staleness costs nothing, and a flood of requests then
 * costs one rendering a second rather than one each.
 */
const RENDERED_FOR_MS = 1000;

/** A monotonic clock in milliseconds; tests pass one they move on rather than wait a second. */
export type MetricsClock = () => number;

const monotonic: MetricsClock = () => performance.now();

/** The registry's text, rendered at most once per RENDERED_FOR_MS (concurrent askers share one rendering). */
export function cachedMetricsText(registry: Registry, clock = monotonic, renderedForMs = RENDERED_FOR_MS): () => Promise<string> {
  let rendered: { text: Promise<string>; at: number } | undefined;
  return () => {
    const now = clock();
    if (!rendered || now - rendered.at >= renderedForMs) {
      const text = registry.metrics();
      rendered = { text, at: now };
      // A failed rendering is not kept (unless a newer one has taken its place).
      text.catch(() => {
        if (rendered?.text === text) rendered = undefined;
      });
    }
    return rendered.text;
  };
}

/** `GET /metrics` on `app`, in Prometheus's text format. */
export function registerMetricsRoute<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
  registry: Registry,
  clock?: MetricsClock,
): void {
  const text = cachedMetricsText(registry, clock);
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await text()));
}

/**
 * The listener of its own for `/metrics` (METRICS_PORT): the operator's scraper reaches it on a
 * port that is not published, and a public caller cannot reach it at all. Its requests are not
 * logged (a scrape every few seconds would drown the log).
 */
export function createMetricsServer(registry: Registry, logger: Logger, clock?: MetricsClock) {
  const app = Fastify({ loggerInstance: logger.child({ listener: 'metrics' }), disableRequestLogging: true });
  registerMetricsRoute(app, registry, clock);
  return app;
}

export type MetricsServer = ReturnType<typeof createMetricsServer>;
