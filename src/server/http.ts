import cors from '@fastify/cors';
import etag from '@fastify/etag';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { etagHash } from '../caching/etag.js';
import type { Connections } from '../connections.js';
import type { Environment } from '../config.js';
import { httpMetrics } from './metrics.js';
import { registerMetricsRoute, type MetricsClock } from './metrics-endpoint.js';
import { registerOverloadShedding } from './overload.js';
import { redisRateLimitStore } from './rate-limit-store.js';
import { registerReadinessRoute } from './readiness.js';
import { OneLinePerRequest } from './request-log.js';

export type HttpConfig = Pick<
  Environment,
  | 'BODY_LIMIT_BYTES'
  | 'CORS_ORIGINS'
  | 'RATE_LIMIT_PER_MINUTE'
  | 'API_KEYS'
  | 'REQUEST_TIMEOUT_MS'
  | 'CONNECTION_TIMEOUT_MS'
  | 'MAX_CONNECTIONS'
  | 'TRUST_PROXY'
  | 'METRICS_PORT'
  | 'READYZ_DETAILS'
  | 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS'
  | 'OVERLOAD_MAX_HEAP_USED_MB'
>;

export interface HttpServerOptions {
  logger: Logger;
  connections: Connections;
  config: HttpConfig;
  /** The clock `/metrics` keeps its rendering by (performance.now when absent). */
  metricsClock?: MetricsClock;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;
/**
 * How long a browser keeps a preflight's answer: a browser app sending `X-Api-Key` asks once in a
 * while rather than before every request; ten minutes, so that a change of CORS_ORIGINS reaches
 * browsers soon (Chromium caps it at two hours anyway).
 */
const PREFLIGHT_MAX_AGE_S = 600;
/** Routes never rate-limited nor shed under load: orchestrators and scrapers poll them. */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);
/** The methods whose preconditions the service honours (RFC 9110 §13.1.2 keeps 304 to them). */
const CONDITIONAL_METHODS = new Set(['GET', 'HEAD']);
const PRECONDITION_HEADERS = ['if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since'] as const;

/**
 * Slow clients: a request must arrive whole within REQUEST_TIMEOUT_MS (else 408 and the socket
 * closes), and a silent socket closes after CONNECTION_TIMEOUT_MS. On Node 20 the request timeout
 * holds only when given to the HTTP server at its creation (`http`), and Node checks it every
 * `connectionsCheckingInterval` (30 s by default: a fraction of the timeout here, so that a
 * dripping client is cut off close to it).
 */
function connectionLimits(config: HttpConfig) {
  const requestTimeout = config.REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    connectionTimeout: config.CONNECTION_TIMEOUT_MS,
    http: {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))),
    },
  };
}

/**
 * `TRUST_PROXY` as Fastify takes it. A hop count becomes "trust the N nearest hops" (Fastify
 * itself now reads a bare number as trusting none): only right when every request comes through
 * exactly that many proxies, since a direct client could otherwise choose its address.
 */
function trustedProxies(setting: Environment['TRUST_PROXY']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

/** Who a request is for rate limits and upstream quota shares: its API key when configured, else its address. */
export function clientIdentity(request: Pick<FastifyRequest, 'headers' | 'ip'>, apiKeys: ReadonlySet<string>): string {
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && apiKeys.has(key) ? `key:${key}` : `ip:${request.ip}`;
}

/** A warning the first time the rate limit's Redis fails (its outages are logged by the connection). */
function onceLogged(logger: Logger): (error: unknown) => void {
  let logged = false;
  return (error) => {
    if (logged) return;
    logged = true;
    logger.warn({ err: { message: (error as Error).message } }, 'rate limit: Redis failed; counting in this process meanwhile');
  };
}

/** Fastify with the service's options: limits, proxies, request ids, shutdown behaviour. */
function buildFastify(options: HttpServerOptions) {
  const { config } = options;
  return Fastify({
    loggerInstance: options.logger,
    logController: new OneLinePerRequest(),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Behind a reverse proxy, each client is told apart by the address the proxy saw, and only
    // when the proxy is one the operator trusts: a caller cannot pick its own rate-limit bucket.
    trustProxy: trustedProxies(config.TRUST_PROXY),
    ...connectionLimits(config),
    // Idle keep-alive sockets close at shutdown; requests in flight finish first.
    forceCloseConnections: 'idle',
    // A request that reaches a closing server on an open connection is served, not refused.
    return503OnClosing: false,
    // A caller's id is kept (to follow a request across systems) if it looks like one.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
}

type App = ReturnType<typeof buildFastify>;

/**
 * Request ids, durations, and closing connections at shutdown. Hooks on every request take
 * callbacks rather than being async: each async hook costs a promise per request, a measurable
 * share of a cheap one.
 */
function registerRequestHooks(app: App, connections: Connections): void {
  const duration = httpMetrics(connections.metrics.registry);
  // While shutting down, answers close their connection, so that keep-alive clients do not hold
  // the server open once their request in flight has been answered.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // Every answer (JSON, CSV, errors, replays) is read as the type it says, never sniffed as HTML.
    reply.header('x-content-type-options', 'nosniff');
    if (closing) reply.header('connection', 'close');
    // @fastify/etag answers an empty 304 to any request whose If-None-Match matches, which for a
    // POST (a GraphQL query, an MCP message) would swallow its answer: a POST's preconditions are
    // dropped before anything reads them, and it always gets its answer, ETag included.
    if (!CONDITIONAL_METHODS.has(request.method)) for (const name of PRECONDITION_HEADERS) delete request.headers[name];
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // A keep-alive connection whose answer was under way when the shutdown began (a long export)
    // would otherwise hold the closing server open for Fastify's 72 s keep-alive, idle.
    if (closing) setImmediate(() => app.server.closeIdleConnections());
    duration.observe(
      { route: request.routeOptions.url ?? 'unknown', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** Each client's requests per minute; with Redis, replicas share each client's bucket. */
async function registerRateLimit(app: App, options: HttpServerOptions, apiKeys: ReadonlySet<string>): Promise<void> {
  const { connections, config } = options;
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Without Redis, each process counts alone.
    ...(connections.redisLink ? { store: redisRateLimitStore(connections.redisLink, onceLogged(options.logger)) } : {}),
    allowList: (request) => UNLIMITED.has(request.url.split('?', 1)[0]!),
    keyGenerator: (request) => clientIdentity(request, apiKeys),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `At most ${context.max} requests per minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
      errors: [{ message: `Rate limit exceeded: retry in ${Math.ceil(context.ttl / 1000)} s`, extensions: { code: 'RATE_LIMITED' } }],
    }),
  });
}

/** Health (the process answers); readiness (readiness.ts) with the details only when configured so. */
function registerHealthRoutes(app: App, connections: Connections, config: HttpConfig): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  registerReadinessRoute(app, connections, config.READYZ_DETAILS);
}

/** The HTTP service: GraphQL (mounted by mountGraphQL), health, readiness and metrics. */
export async function createHttpServer(options: HttpServerOptions) {
  const { connections, config } = options;
  const apiKeys = new Set(config.API_KEYS);
  const app = buildFastify(options);
  // Beyond this many open sockets, Node drops new connections at once rather than queue them.
  app.server.maxConnections = config.MAX_CONNECTIONS;
  registerRequestHooks(app, connections);

  const origins = config.CORS_ORIGINS.trim() === '*' ? true : config.CORS_ORIGINS.split(',').map((o) => o.trim());
  await app.register(cors, {
    origin: origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    // A browser app reads only the headers named here: besides the rate limit's, an export's
    // size, whether it was cut and how many of its cells a failing source left empty, and what tells a cached answer (to revalidate, or to show its age).
    exposedHeaders: [
      'x-request-id',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'retry-after',
      'x-export-total',
      'x-export-truncated',
      'x-graphql-errors',
      'etag',
      'age',
      'x-response-cache',
    ],
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
  // ETag on every answer, 304 on a matching If-None-Match (GET and HEAD only: the onRequest hook
  // above drops other methods' preconditions): a CDN's or a BI tool's refresh of an unchanged GET
  // query costs no body.
  await app.register(etag, { hashFn: etagHash });
  // Before the rate limit: a request refused for overload costs nothing more.
  await registerOverloadShedding(app, config, UNLIMITED);
  await registerRateLimit(app, options, apiKeys);
  registerHealthRoutes(app, connections, config);
  // With a METRICS_PORT, /metrics is served there only (see createApp).
  if (config.METRICS_PORT === undefined) registerMetricsRoute(app, connections.metrics.registry, options.metricsClock);
  return app;
}

export type HttpServer = Awaited<ReturnType<typeof createHttpServer>>;
