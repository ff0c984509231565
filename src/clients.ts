import type { Logger } from 'pino';
import type { RedisClientType } from 'redis';
import type { Environment } from './config.js';
import { SOURCE_NAMES, type SourceName } from './sources/names.js';
import { createSourceClients, definitionOf, requestClientsOf, type SourceClients } from './sources/registry.js';
import { SourceCache } from './upstream/cache.js';
import { UpstreamMetrics } from './upstream/metrics.js';
import { MemoryQuota, RedisQuota, windowWithMargin, type RollingQuota } from './upstream/quota.js';
import { connectRedis, type RedisLink } from './upstream/redis.js';
import type { RequestScope } from './upstream/request-context.js';
import { UpstreamSource } from './upstream/source.js';
import type { Upstreams } from './upstreams.js';

/**
 * The server's clients: one per source, typed (`clients.insee`, `clients.dataInclusion`…, see
 * `SourceClients`), each over its own upstream machinery (`sources`, by name).
 */
export interface UpstreamClients extends SourceClients {
  sources: Record<SourceName, UpstreamSource>;
  /** The same clients on behalf of one client request: their calls carry its scope. */
  forRequest(scope: RequestScope | undefined): SourceClients;
  metrics: UpstreamMetrics;
  redis: RedisClientType | undefined;
  /** The same connection, with whether it answers (`usable`, `state`): what the server's own callers use. */
  redisLink: RedisLink | undefined;
  /** The benchmarks' naive baseline (NAIVE_BASELINE): no caching, no batching. */
  naive: boolean;
  close(): Promise<void>;
}

type ClientConfig = Pick<
  Environment,
  | 'sources'
  | 'REDIS_URL'
  | 'CACHE_MAX_ENTRIES'
  | 'CACHE_STALE_TTL_S'
  | 'QUOTA_MAX_WAIT_MS'
  | 'BREAKER_ERROR_PERCENT'
  | 'BREAKER_MIN_REQUESTS'
  | 'BREAKER_RESET_MS'
  | 'NAIVE_BASELINE'
>;

/** What every source's machinery shares: configuration, the Redis connection, metrics and logs. */
interface Shared {
  config: ClientConfig;
  redis: RedisLink | undefined;
  onStoreError: (error: unknown) => void;
  metrics: UpstreamMetrics;
  logger: Logger;
}

/** One source's machinery: its settings, quota, cache, breaker and credential. */
function connectSource(name: SourceName, upstreams: Upstreams, { config, redis, onStoreError, metrics, logger }: Shared): UpstreamSource {
  const settings = config.NAIVE_BASELINE ? { ...config.sources[name], cacheTtlS: 0 } : config.sources[name];
  const window = windowWithMargin(settings.quota.windowMs);
  const quota: RollingQuota = redis
    ? new RedisQuota(redis, `inclusion-graph:quota:${name}`, settings.quota.limit, window, onStoreError)
    : new MemoryQuota(settings.quota.limit, window);
  const origin = upstreams.origins[name];
  return new UpstreamSource(name, {
    origin,
    settings,
    // Sent only on the routes that need it (see `UpstreamRequest.authenticated`).
    credential: definitionOf(name).credential.create(upstreams.credentials[name], { base: origin, settings, logger }),
    cache: new SourceCache(settings.cacheTtlS, config.CACHE_STALE_TTL_S, {
      namespace: `inclusion-graph:${name}`,
      maxEntries: config.CACHE_MAX_ENTRIES,
      redis,
      onStoreError,
    }),
    quota,
    quotaMaxWaitMs: config.QUOTA_MAX_WAIT_MS,
    breaker: {
      errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
      volumeThreshold: config.BREAKER_MIN_REQUESTS,
      resetTimeout: config.BREAKER_RESET_MS,
    },
    metrics,
    logger,
    headers: { accept: 'application/json' },
    singleFlight: !config.NAIVE_BASELINE,
  });
}

/** Every registered source's client, over shared machinery (cache, quotas, breakers, metrics). */
export function createUpstreamClients(
  config: ClientConfig,
  upstreams: Upstreams,
  logger: Logger,
  metrics = new UpstreamMetrics(),
): UpstreamClients {
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger) : undefined;
  let storeErrorLogged = false;
  const onStoreError = (error: unknown) => {
    if (storeErrorLogged) return;
    storeErrorLogged = true;
    logger.warn({ err: { message: (error as Error).message } }, 'shared store failed; falling back to memory');
  };
  const shared: Shared = { config, redis, onStoreError, metrics, logger };
  const sources = {} as Record<SourceName, UpstreamSource>;
  for (const name of SOURCE_NAMES) sources[name] = connectSource(name, upstreams, shared);

  return {
    ...createSourceClients(sources, upstreams.credentials),
    sources,
    forRequest: requestClientsOf(sources, upstreams.credentials),
    metrics,
    redis: redis?.client,
    redisLink: redis,
    naive: config.NAIVE_BASELINE,
    async close() {
      for (const source of Object.values(sources)) source.shutdown();
      await redis?.close();
    },
  };
}
