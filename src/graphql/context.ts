import type { GraphQLError } from 'graphql';
import type { UpstreamClients } from '../clients.js';
import type { SourceName } from '../sources/names.js';
import { createSourceLoaders } from '../sources/registry.js';

/** Everything a request's resolvers share; built anew for each request. */
export interface GraphQLContext {
  clients: UpstreamClients;
  loaders: ReturnType<typeof createLoaders>;
  /** Upstream failures behind connections answered empty; added to the response's errors. */
  partialErrors: GraphQLError[];
  /** Sources whose answer came from an expired cache entry because the upstream failed. */
  staleSources: Set<SourceName>;
  /** The caller's own data.gouv.fr key (header X-DataGouv-Api-Key), for writes only. */
  dataGouvApiKey: string | undefined;
  /**
   * Shortens how long the whole response may be cached (seconds); wired to Apollo's cache
   * policy by the response-cache plugin (an object, since Apollo works on a shallow copy of the
   * context). Each upstream answer used limits it to what is left of
   * its source's freshness; a stale answer or a partial failure makes the response uncacheable.
   */
  responseCache: { restrict: (maxAgeS: number) => void };
}

/**
 * Every source's loaders for one request. Each hears of answers served stale (the response then
 * says which sources were) and of when every answer was obtained (what is left of its source's
 * freshness bounds the response cache's lifetime).
 */
function createLoaders(clients: UpstreamClients, staleSources: Set<SourceName>, restrict: (maxAgeS: number) => void) {
  return createSourceLoaders(clients, (source) => ({
    onStale: () => staleSources.add(source),
    onAnswer: (storedAt: number, isStale: boolean) =>
      restrict(isStale ? 0 : Math.max(0, Math.floor(clients.sources[source].cacheTtlS - (Date.now() - storedAt) / 1000))),
    naive: clients.naive,
  }));
}

export function createContext(clients: UpstreamClients, request: { dataGouvApiKey?: string } = {}): GraphQLContext {
  const staleSources = new Set<SourceName>();
  const context: GraphQLContext = {
    clients,
    loaders: undefined as never,
    partialErrors: [],
    staleSources,
    dataGouvApiKey: request.dataGouvApiKey,
    responseCache: { restrict: () => {} },
  };
  context.loaders = createLoaders(clients, staleSources, (maxAgeS) => context.responseCache.restrict(maxAgeS));
  return context;
}
