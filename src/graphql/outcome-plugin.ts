import type { ApolloServerPlugin } from '@apollo/server';
import { GEOGRAPHY_MAX_AGE_S, readsData } from '../caching/cache-policy.js';
import type { GraphQLContext } from './context.js';

/**
 * The one reader of a request's outcome (request-outcome.ts), and the author of each response's
 * cache policy. Once a query that reads data has run, its policy is the outcome's lifetime (the
 * geography's day when no upstream answer was used), which the response-cache plugin turns into a
 * cache entry; when the response is sent, the errors behind empty connections join its errors,
 * the stale sources its extensions, the policy becomes `Cache-Control` (as Apollo's cache-control
 * plugin wrote it: `max-age=N, public`, else `no-store`), and it is recorded for the hot layer.
 */
export const outcomePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      // Only queries are cacheable, by this server or by HTTP caches.
      async didResolveOperation({ operation, overallCachePolicy }) {
        if (operation?.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
      },
      async executionDidStart(requestContext) {
        const { contextValue, overallCachePolicy } = requestContext;
        return {
          // Every resolver has run: the answers used, hence the response's lifetime, are known.
          async executionDidEnd() {
            if (!readsData(requestContext)) return;
            overallCachePolicy.restrict({
              maxAge: Math.min(GEOGRAPHY_MAX_AGE_S, contextValue.outcome.maxAgeS ?? GEOGRAPHY_MAX_AGE_S),
              scope: 'PUBLIC',
            });
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
        const sent = outcome.sentCacheable;
        response.http.headers.set('cache-control', sent ? `max-age=${sent.maxAgeS}, ${sent.scope.toLowerCase()}` : 'no-store');
      },
    };
  },
};
