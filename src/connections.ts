import type { Logger } from 'pino';
import type { RedisClientType } from 'redis';
import type { Environment } from './config.js';
import { SOURCE_NAMES, type SourceName } from './sources/names.js';
import { createSourceClients, definitionOf, requestClientsOf, type PoliciesBySource, type SourceClients } from './sources/registry.js';
import { SourceCache } from './policies/cache.js';
import { UpstreamMetrics } from './policies/metrics.js';
import { MemoryQuota, RedisQuota, windowWithMargin, type RollingQuota } from './policies/quota.js';
import { connectRedis, type RedisLink } from './policies/redis.js';
import type { RequestScope } from './policies/request-context.js';
import { SourcePolicies } from './policies/source.js';
import type { SourceOrigins } from './origins.js';

/**
 * What the server connects once per process: each source's policies (`policies`, by name) and
 * its client over them, typed (`connections.insee`, `connections.dataInclusion`…, see
 * `SourceClients`), and the Redis link.
 */
export interface Connections extends SourceClients {
  policies: PoliciesBySource;
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

type ConnectionConfig = Pick<
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

/** What every source's policies share: configuration, the Redis connection, metrics and logs. */
interface Shared {
  config: ConnectionConfig;
  redis: RedisLink | undefined;
  onStoreError: (error: unknown) => void;
  metrics: UpstreamMetrics;
  logger: Logger;
}

/** One source's policies: its settings, quota, cache, breaker and credential. */
function createPolicies(
  name: SourceName,
  origins: SourceOrigins,
  { config, redis, onStoreError, metrics, logger }: Shared,
): SourcePolicies {
  const settings = config.NAIVE_BASELINE ? { ...config.sources[name], cacheTtlS: 0 } : config.sources[name];
  const window = windowWithMargin(settings.quota.windowMs);
  const quota: RollingQuota = redis
    ? new RedisQuota(redis, `inclusion-graph:quota:${name}`, settings.quota.limit, window, onStoreError)
    : new MemoryQuota(settings.quota.limit, window);
  const origin = origins.origins[name];
  return new SourcePolicies(name, {
    origin,
    settings,
    // Sent only on the routes that need it (see `UpstreamRequest.authenticated`).
    credential: definitionOf(name).credential.create(origins.credentials[name], { base: origin, settings, logger }),
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

/** Every registered source's policies (cache, quotas, breakers, metrics) and client over them; the Redis link. */
export function createConnections(
  config: ConnectionConfig,
  origins: SourceOrigins,
  logger: Logger,
  metrics = new UpstreamMetrics(),
): Connections {
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger) : undefined;
  let storeErrorLogged = false;
  const onStoreError = (error: unknown) => {
    if (storeErrorLogged) return;
    storeErrorLogged = true;
    logger.warn({ err: { message: (error as Error).message } }, 'shared store failed; falling back to memory');
  };
  const shared: Shared = { config, redis, onStoreError, metrics, logger };
  const policies = {} as PoliciesBySource;
  for (const name of SOURCE_NAMES) policies[name] = createPolicies(name, origins, shared);

  return {
    ...createSourceClients(policies, origins.credentials),
    policies,
    forRequest: requestClientsOf(policies, origins.credentials),
    metrics,
    redis: redis?.client,
    redisLink: redis,
    naive: config.NAIVE_BASELINE,
    async close() {
      for (const source of Object.values(policies)) source.shutdown();
      await redis?.close();
    },
  };
}
