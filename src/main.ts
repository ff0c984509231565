import { destination, pino } from 'pino';
import { readEnvironmentOrExit } from './config.js';
import { startEmbeddedSandbox } from './embedded-sandbox.js';
import { geography } from './geography/index.js';
import { createApp } from './server/app.js';
import { startTracing } from './tracing.js';

const started = performance.now();
const env = readEnvironmentOrExit(1);

const stopTracing = await startTracing();
// Lines are written in batches of 4 kB, or each second, rather than one write per line: a
// request never waits on stdout. Pino flushes what is pending on exit.
const logStream = destination({ sync: false, minLength: 4096, periodicFlush: 1000 });
const logger = pino(
  {
    level: env.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-datagouv-api-key"]'], censor: '[redacted]' },
    hooks: {
      // Warnings and errors are written at once, not with the next batch. The stream's own flush,
      // without a callback: pino's logger.flush() hangs a drain and an error listener on the
      // stream each time it is called while a write is in progress (stdout read slowly).
      logMethod(args, method, level) {
        method.apply(this, args);
        if (level >= 40) logStream.flush();
      },
    },
  },
  logStream,
);
geography();
// Sandbox mode: the upstream simulators run in this process, on loopback.
const sandbox = env.UPSTREAMS === 'sandbox' ? await startEmbeddedSandbox() : undefined;
const app = await createApp({ env, logger, sandbox });
const address = await app.http.listen({ host: env.HOST, port: env.PORT });
// Said apart from the public listener's "Server listening at", which tools read for its address.
const metricsAddress = await app.metrics?.listen({
  host: env.HOST,
  port: env.METRICS_PORT,
  listenTextResolver: (address) => `Metrics at ${address}/metrics`,
});
logger.info(
  {
    mode: env.UPSTREAMS,
    upstreams: app.origins.origins,
    ...(metricsAddress ? { metrics: `${metricsAddress}/metrics` } : {}),
    startupMs: Math.round(performance.now() - started),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  },
  'inclusion-graph is serving',
);
// The one line a newcomer looks for: where to point a browser. A wildcard host is reached on localhost.
logger.info(`GraphiQL at ${graphiqlAddress(address, env.HOST)}/graphql`);
logger.flush();

/** Fastify answers one of the addresses it listens on; for 0.0.0.0 or :: a browser wants localhost. */
function graphiqlAddress(listening: string, host: string): string {
  const url = new URL(listening);
  if (host === '0.0.0.0' || host === '::') url.hostname = 'localhost';
  return url.origin;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Requests in flight are answered first (see createApp).
    void app
      .close()
      .then(() => sandbox?.close())
      .then(() => stopTracing?.())
      .then(() => process.exit(0));
  });
}
