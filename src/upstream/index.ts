import type { Logger } from 'pino';
import type { RedisClientType } from 'redis';
import type { Environment } from '../config.js';
import { DataInclusionClient } from '../sources/data-inclusion/client.js';
import { DatagouvClient } from '../sources/datagouv/client.js';
import { InseeClient } from '../sources/insee/client.js';
import { InserJeunesClient } from '../sources/inserjeunes/client.js';
import { OmogenToken } from '../sources/inserjeunes/omogen-token.js';
import { LemarcheClient } from '../sources/lemarche/client.js';
import { SOURCE_NAMES, type SourceName } from '../sources/names.js';
import type { Upstreams } from '../upstreams.js';
import { SourceCache } from './cache.js';
import { UpstreamMetrics } from './metrics.js';
import { MemoryQuota, RedisQuota, windowWithMargin, type RollingQuota } from './quota.js';
import { connectRedis } from './redis.js';
import type { SourceSettings } from './settings.js';
import { fixedCredential, UpstreamSource, type UpstreamCredential } from './source.js';

export { UpstreamError, type UpstreamErrorCode } from './errors.js';
export type { Fetched } from './source.js';

export interface UpstreamClients {
  insee: InseeClient;
  dataInclusion: DataInclusionClient;
  lemarche: LemarcheClient;
  inserjeunes: InserJeunesClient;
  datagouv: DatagouvClient;
  sources: Record<SourceName, UpstreamSource>;
  metrics: UpstreamMetrics;
  redis: RedisClientType | undefined;
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

/**
 * Each source's credential, sent only on the routes that need it (see `UpstreamRequest.authenticated`).
 * InserJeunes behind Omogen exchanges client credentials for a bearer token; on the legacy host,
 * its key goes in `x-api-key`.
 */
function sourceCredential(
  source: SourceName,
  upstreams: Upstreams,
  settings: SourceSettings,
  logger: Logger,
): UpstreamCredential | undefined {
  const { credentials } = upstreams;
  switch (source) {
    case 'data-inclusion':
      return credentials.dataInclusionToken ? fixedCredential({ authorization: `Bearer ${credentials.dataInclusionToken}` }) : undefined;
    case 'lemarche':
      return credentials.lemarcheToken ? fixedCredential({ authorization: `Bearer ${credentials.lemarcheToken}` }) : undefined;
    case 'inserjeunes':
      if (credentials.inserjeunesOAuth) {
        return new OmogenToken({
          ...credentials.inserjeunesOAuth,
          apiKey: credentials.inserjeunesApiKey,
          timeoutMs: settings.timeoutMs,
          retries: settings.retries,
          logger,
        });
      }
      return credentials.inserjeunesApiKey ? fixedCredential({ 'x-api-key': credentials.inserjeunesApiKey }) : undefined;
    case 'datagouv':
      // Reads are anonymous and writes carry the caller's own key: the operator's key, if any,
      // is kept for authenticated routes only (none today), so that it can never break a read.
      return fixedCredential(credentials.datagouvApiKey ? { 'x-api-key': credentials.datagouvApiKey } : {});
    case 'insee':
      // Needs none: an empty credential, so that the source reads as ready.
      return fixedCredential({});
  }
}

/** The five upstream clients, over shared machinery (cache, quotas, breakers, metrics). */
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

  const sources = {} as Record<SourceName, UpstreamSource>;
  for (const name of SOURCE_NAMES) {
    const settings = config.NAIVE_BASELINE ? { ...config.sources[name], cacheTtlS: 0 } : config.sources[name];
    const window = windowWithMargin(settings.quota.windowMs);
    const quota: RollingQuota = redis
      ? new RedisQuota(redis, `inclusion-graph:quota:${name}`, settings.quota.limit, window, onStoreError)
      : new MemoryQuota(settings.quota.limit, window);
    sources[name] = new UpstreamSource(name, {
      origin: upstreams.origins[name === 'data-inclusion' ? 'dataInclusion' : name],
      settings,
      credential: sourceCredential(name, upstreams, settings, logger),
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

  return {
    insee: new InseeClient(sources.insee),
    dataInclusion: new DataInclusionClient(sources['data-inclusion']),
    lemarche: new LemarcheClient(sources.lemarche),
    // Behind the Omogen gateway every data route needs the bearer token; the legacy host's
    // national routes were public.
    inserjeunes: new InserJeunesClient(sources.inserjeunes, { behindGateway: upstreams.credentials.inserjeunesOAuth !== undefined }),
    datagouv: new DatagouvClient(sources.datagouv),
    sources,
    metrics,
    redis,
    naive: config.NAIVE_BASELINE,
    async close() {
      for (const source of Object.values(sources)) source.shutdown();
      if (redis?.isOpen) await redis.quit().catch(() => redis.disconnect());
      else redis?.destroy();
    },
  };
}
