import type { Logger } from 'pino';
import type { SourceName } from '../sources/names.js';
import type { SourceCache } from './cache.js';
import { toUpstreamError } from './error-mapping.js';
import type { UpstreamMetrics } from './metrics.js';
import type { SingleFlight } from './single-flight.js';
import type { Fetched } from './source-calls.js';

export interface CachedReadDeps {
  source: SourceName;
  cache: SourceCache;
  /** Shares concurrent identical reads; undefined for the benchmarks' naive baseline. */
  flights: SingleFlight | undefined;
  metrics: UpstreamMetrics;
  logger: Logger;
}

/**
 * A read through the source's cache: a fresh entry answers at once; otherwise one read of the
 * upstream (`fetchFresh`, shared by identical reads in flight) is stored and answered, and when
 * it fails for a reason other than the caller's input or credential, the expired entry answers
 * instead, marked stale.
 */
export async function cachedRead<T>(deps: CachedReadDeps, key: string, fetchFresh: () => Promise<T>): Promise<Fetched<T>> {
  const { source, cache, metrics, logger } = deps;
  const cached = await cache.read<T>(key);
  if (cached?.fresh) {
    metrics.cache.inc({ source, result: 'hit' });
    return { value: cached.envelope.v, stale: false, storedAt: cached.envelope.t };
  }
  metrics.cache.inc({ source, result: 'miss' });
  const freshOrStale = async (): Promise<Fetched<T>> => {
    try {
      const value = await fetchFresh();
      const storedAt = await cache.write(key, value);
      return { value, stale: false, storedAt };
    } catch (error) {
      const failure = toUpstreamError(source, error);
      if (cached && failure.code !== 'BAD_USER_INPUT' && failure.code !== 'UPSTREAM_UNAUTHORIZED') {
        metrics.cache.inc({ source, result: 'stale' });
        logger.warn({ source, code: failure.code }, 'upstream failed; serving a stale cached answer');
        return { value: cached.envelope.v, stale: true, storedAt: cached.envelope.t };
      }
      throw failure;
    }
  };
  return deps.flights ? deps.flights.run(key, freshOrStale) : freshOrStale();
}
