import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import KeyvRedis from '@keyv/redis';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import Keyv from 'keyv';
import { createHash } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import type { Environment } from '../config.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Connections } from '../connections.js';
import { ByteBoundedTextCache, heldBytesGauge, MEGABYTE } from './byte-bound.js';
import { readsData } from './cache-policy.js';
import { canonicalJson, compactQuery } from './request-key.js';

/** The keys of the shared response cache in Redis: `<namespace>::<Apollo's key>` (keyv). */
export const SHARED_RESPONSES_NAMESPACE = 'inclusion-graph:responses';

export type ResponseCacheConfig = Pick<Environment, 'RESPONSE_CACHE' | 'RESPONSE_CACHE_MAX_ENTRIES' | 'RESPONSE_CACHE_MAX_MB'>;

/**
 * The whole-response cache. Everything served is public and the same for every caller, so an
 * identical query with identical variables is answered from the cache until the data it used may
 * have changed: a response lives as long as the shortest-lived answer it used (each source's
 * TTL minus the age of that answer), geography-only responses a day; responses with errors,
 * partial answers and stale answers are never cached (that lifetime comes from the request's
 * outcome, through outcome-plugin.ts, which also turns it into `Cache-Control`). The store is the
 * upstream cache's: memory, or Redis when replicas share one.
 */
export function responseCachePlugins(
  connections: Connections,
  config: ResponseCacheConfig,
  registry: Registry,
): ApolloServerPlugin<GraphQLContext>[] {
  // Each response's policy and its `Cache-Control` come from the outcome plugin
  // (graphql/outcome-plugin.ts), without Apollo's per-field cache-control plugin.
  const cacheControl = ApolloServerPluginCacheControlDisabled();
  if (!config.RESPONSE_CACHE || connections.naive) return [cacheControl];

  // Apollo stores responses as JSON text already: in memory they are kept as they come, bounded
  // by count and by bytes (byte-bound.ts); Redis bounds its own memory (its `maxmemory`).
  const cache = connections.redis
    ? // keyvadapter bundles its own keyv typings; the instance is the same keyv 5.
      new KeyvAdapter(
        new Keyv({ store: new KeyvRedis(connections.redis, { throwOnErrors: false }), namespace: SHARED_RESPONSES_NAMESPACE }) as never,
      )
    : new ByteBoundedTextCache(config.RESPONSE_CACHE_MAX_ENTRIES, config.RESPONSE_CACHE_MAX_MB * MEGABYTE);
  const sharedCacheUsable = () => connections.redisLink?.usable ?? true;
  if (cache instanceof ByteBoundedTextCache)
    heldBytesGauge(registry, 'graphql_response_cache_bytes', 'Bytes of answers the in-memory response cache holds', () => cache.heldBytes);
  const results = new Counter({
    name: 'graphql_response_cache_total',
    help: 'Whole-response cache look-ups: hit or miss',
    labelNames: ['result'],
    registers: [registry],
  });
  const bytes = new Counter({
    name: 'graphql_response_cache_hit_bytes_total',
    help: 'Bytes answered from the whole-response cache',
    registers: [registry],
  });
  const observe: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const { response, metrics, contextValue } = requestContext;
          if (!readsData(requestContext) || response.body.kind !== 'single') return;
          const hit = metrics.responseCacheHit === true;
          results.inc({ result: hit ? 'hit' : 'miss' });
          // For clients; the hot layer reads the verdict from the outcome. On a hit, Apollo's
          // plugin (before this one) has set how old the data are.
          response.http.headers.set('x-response-cache', hit ? 'hit' : 'miss');
          contextValue.outcome.responseCache = hit ? { hit, ageS: Number(response.http.headers.get('age') ?? 0) } : { hit };
          if (hit) bytes.inc(JSON.stringify(response.body.singleResult).length);
        },
      };
    },
  };
  return [
    cacheControl,
    responseCachePlugin<GraphQLContext>({
      cache,
      // A query that reads no data (`{ __typename }`) is never cacheable: no key, no look-up.
      // Neither is any answer while Redis hangs: each look-up would wait for its command timeout.
      shouldReadFromCache: async (requestContext) => sharedCacheUsable() && readsData(requestContext),
      shouldWriteToCache: async () => sharedCacheUsable(),
      // Equal documents up to spacing and comments, with variables in any key order, share one
      // entry (as in the hot layer, request-key.ts).
      generateCacheKey: (_requestContext, keyData) => {
        const data = keyData as { source?: string };
        const normalised = { ...data, source: data.source ? compactQuery(data.source) : data.source };
        return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
      },
    }),
    observe,
  ];
}
