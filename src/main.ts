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
  },
  // Buffered writes: a request never waits on stdout. Pino flushes what is pending on exit.
  destination({ sync: false }),
);
geography();
const sandbox: Sandbox | undefined = env.UPSTREAMS === 'sandbox' ? await startSandbox() : undefined;
const upstreams = resolveUpstreams(env, sandbox);
const clients = createUpstreamClients(env, upstreams, logger);
const app = await createHttpServer({ logger, upstreams: clients, config: env });
await mountGraphQL(app, clients, env);
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

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => clients.close())
      .then(() => sandbox?.close())
      .then(() => stopTracing?.())
      .then(() => process.exit(0));
  });
}
