import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { KeyvCacheableMemory } from '@cacheable/memory';
import KeyvRedis from '@keyv/redis';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { stripIgnoredCharacters } from 'graphql';
import Keyv from 'keyv';
import { createHash } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import type { Environment } from '../config.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { UpstreamClients } from '../clients.js';

/** Fields fed by the embedded geography alone change once a year; a day is plenty. */
const GEOGRAPHY_MAX_AGE_S = 24 * 3600;

export type ResponseCacheConfig = Pick<Environment, 'RESPONSE_CACHE' | 'RESPONSE_CACHE_MAX_ENTRIES'>;

/** Query texts seen recently, without their spacing and comments (clients resend the same few). */
const compacted = new Map<string, string>();
const MAX_COMPACTED = 1000;
const MAX_COMPACTED_LENGTH = 16_384;

function compactSource(source: string): string {
  let compact = compacted.get(source);
  if (compact === undefined) {
    compact = stripIgnoredCharacters(source);
    if (source.length > MAX_COMPACTED_LENGTH) return compact;
    if (compacted.size >= MAX_COMPACTED) compacted.clear();
    compacted.set(source, compact);
  }
  return compact;
}

/**
 * The whole-response cache. Everything served is public and the same for every caller, so an
 * identical query with identical variables is answered from the cache until the data it used may
 * have changed: a response lives as long as the shortest-lived answer it used (each source's
 * TTL minus the age of that answer), geography-only responses a day; responses with errors,
 * partial answers and stale answers are never cached (that lifetime comes from the request's
 * outcome, through outcome-plugin.ts). The store is the upstream cache's: memory, or Redis when
 * replicas share one. Apollo's cache-control plugin turns the same policy into `Cache-Control`.
 */
export function responseCachePlugins(
  clients: UpstreamClients,
  config: ResponseCacheConfig,
  registry: Registry,
): ApolloServerPlugin<GraphQLContext>[] {
  const cacheControl = ApolloServerPluginCacheControl({ defaultMaxAge: GEOGRAPHY_MAX_AGE_S, calculateHttpHeaders: true });
  if (!config.RESPONSE_CACHE || clients.naive) return [cacheControl];

  // Apollo stores responses as JSON text already: in memory they are kept as they come.
  const keyv = clients.redis
    ? new Keyv({ store: new KeyvRedis(clients.redis, { throwOnErrors: false }), namespace: 'inclusion-graph:responses' })
    : new Keyv({
        store: new KeyvCacheableMemory({ lruSize: config.RESPONSE_CACHE_MAX_ENTRIES, useClone: false }),
        namespace: 'inclusion-graph:responses',
        serialize: undefined,
        deserialize: undefined,
      });
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
        async willSendResponse({ response, metrics, operation }) {
          if (operation?.operation !== 'query' || response.body.kind !== 'single') return;
          const hit = metrics.responseCacheHit === true;
          results.inc({ result: hit ? 'hit' : 'miss' });
          response.http.headers.set('x-response-cache', hit ? 'hit' : 'miss');
          if (hit) bytes.inc(JSON.stringify(response.body.singleResult).length);
        },
      };
    },
  };
  return [
    cacheControl,
    responseCachePlugin<GraphQLContext>({
      // keyvadapter bundles its own keyv typings; the instance is the same keyv 5.
      cache: new KeyvAdapter(keyv as never),
      // Equal documents up to spacing and comments share one entry.
      generateCacheKey: (_requestContext, keyData) => {
        const data = keyData as { source?: string };
        const normalised = { ...data, source: data.source ? compactSource(data.source) : data.source };
        return createHash('sha256').update(JSON.stringify(normalised)).digest('hex');
      },
    }),
    observe,
  ];
}
