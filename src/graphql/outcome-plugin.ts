import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context.js';

/**
 * The one reader of a request's outcome (request-outcome.ts). Once the operation has run, its
 * lifetime bounds Apollo's cache policy, which the cache-control and response-cache plugins then
 * turn into `Cache-Control` and a cache entry; when the response is sent, the errors behind empty
 * connections join its errors, the stale sources its extensions, and the policy it went out with
 * is recorded for the hot layer.
 */
export const outcomePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      // Only queries are cacheable, by this server or by HTTP caches.
      async didResolveOperation({ operation, overallCachePolicy }) {
        if (operation?.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
      },
      async executionDidStart({ contextValue, overallCachePolicy }) {
        return {
          // Every resolver has run: the answers used, hence the response's lifetime, are known.
          async executionDidEnd() {
            const maxAge = contextValue.outcome.maxAgeS;
            if (maxAge !== undefined) overallCachePolicy.restrict({ maxAge, scope: 'PUBLIC' });
          },
        };
      },
      async willSendResponse({ response, contextValue, overallCachePolicy }) {
        if (response.body.kind !== 'single') return;
        const { outcome } = contextValue;
        const result = response.body.singleResult;
        if (outcome.partialErrors.length > 0) {
          result.errors = [...(result.errors ?? []), ...outcome.partialErrors.map((e) => e.toJSON())];
        }
        const staleSources = outcome.staleSources;
        if (staleSources.length > 0) result.extensions = { ...result.extensions, staleSources };
        const policy = overallCachePolicy.policyIfCacheable();
        // As Apollo's cache-control plugin decides: a response with errors is never cacheable.
        outcome.sentCacheable = policy && !result.errors ? { maxAgeS: policy.maxAge, scope: policy.scope } : undefined;
      },
    };
  },
};
