import { destination, pino } from 'pino';
import { ConfigError, readEnvironment } from './config.js';
import { geography } from './geography/index.js';
import { startSandbox, type Sandbox } from './sandbox/index.js';
import { mountGraphQL } from './server/graphql.js';
import { createHttpServer } from './server/http.js';
import { startTracing } from './tracing.js';
import { createUpstreamClients } from './upstream/index.js';
import { resolveUpstreams } from './upstreams.js';

const started = performance.now();
let env;
try {
  env = readEnvironment();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const stopTracing = startTracing();
const logger = pino(
  {
    level: env.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-datagouv-api-key"]'], censor: '[redacted]' },
    hooks: {
      // Warnings and errors are written at once, not with the next batch.
      logMethod(args, method, level) {
        method.apply(this, args);
        if (level >= 40) this.flush();
      },
    },
  },
  // Lines are written in batches of 4 kB, or each second, rather than one write per line: a
  // request never waits on stdout. Pino flushes what is pending on exit.
  destination({ sync: false, minLength: 4096 }),
);
setInterval(() => logger.flush(), 1000).unref();
geography();
const sandbox: Sandbox | undefined = env.UPSTREAMS === 'sandbox' ? await startSandbox() : undefined;
const upstreams = resolveUpstreams(env, sandbox);
const clients = createUpstreamClients(env, upstreams, logger);
const app = await createHttpServer({ logger, upstreams: clients, config: env });
const apollo = await mountGraphQL(app, clients, env);
await app.listen({ host: env.HOST, port: env.PORT });
logger.info(
  {
    mode: env.UPSTREAMS,
    upstreams: upstreams.origins,
    startupMs: Math.round(performance.now() - started),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  },
  'inclusion-graph is serving',
);
logger.flush();

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Stopping Apollo drains the HTTP server: requests in flight are answered first.
    void apollo
      .stop()
      .then(() => clients.close())
      .then(() => sandbox?.close())
      .then(() => stopTracing?.())
      .then(() => process.exit(0));
  });
}
