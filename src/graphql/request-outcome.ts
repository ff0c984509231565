import type { GraphQLError } from 'graphql';
import type { SourceName } from '../sources/names.js';

/** The policy a response was sent with, when it may be cached (by this server or by HTTP caches). */
export interface CacheableFor {
  readonly maxAgeS: number;
  readonly scope: 'PUBLIC' | 'PRIVATE';
}

/**
 * What the whole-response cache said of a query that reads data: it had the answer (`hit`, made
 * `ageS` seconds ago) or not. Unset when the cache did not judge the request.
 */
export type ResponseCacheVerdict = { readonly hit: true; readonly ageS: number } | { readonly hit: false };

/**
 * What one response learns while it runs, created with its context and read by one plugin
 * (outcome-plugin.ts) when the response is sent:
 * - how long it may be cached: the shortest freshness left among the upstream answers it used
 *   (a stale answer or a partial failure makes it uncacheable);
 * - which sources answered from an expired cache entry because the upstream failed;
 * - the upstream failures behind connections answered empty, added to the response's errors.
 * Once sent, the plugin records the cache policy the response went out with (`sentCacheable`),
 * and the response cache its verdict (`responseCache`), for the hot layer to replay it without
 * reading the headers back.
 */
export class RequestOutcome {
  /** Seconds left before the shortest-lived answer used expires; undefined while none was used. */
  #maxAgeS: number | undefined;
  readonly #staleSources = new Set<SourceName>();
  readonly #partialErrors: GraphQLError[] = [];
  /** Set by the plugin as the response leaves: its cache policy, or undefined if uncacheable. */
  sentCacheable: CacheableFor | undefined;
  /** Set by the response cache (caching/response-cache.ts) as the response leaves. */
  responseCache: ResponseCacheVerdict | undefined;

  /** An upstream answer was used, obtained at `storedAt` from a source whose answers stay fresh `ttlS`. */
  usedAnswer(storedAt: number, ttlS: number, stale: boolean): void {
    this.#limitMaxAge(stale ? 0 : Math.max(0, Math.floor(ttlS - (Date.now() - storedAt) / 1000)));
  }

  /** A source answered from an expired cache entry. */
  answeredStale(source: SourceName): void {
    this.#staleSources.add(source);
  }

  /** An upstream failure behind a field that still answers (an empty connection). */
  failedPartially(error: GraphQLError): void {
    this.#limitMaxAge(0);
    this.#partialErrors.push(error);
  }

  get maxAgeS(): number | undefined {
    return this.#maxAgeS;
  }

  /** In alphabetical order. */
  get staleSources(): readonly SourceName[] {
    return [...this.#staleSources].sort();
  }

  get partialErrors(): readonly GraphQLError[] {
    return this.#partialErrors;
  }

  #limitMaxAge(maxAgeS: number): void {
    this.#maxAgeS = this.#maxAgeS === undefined ? maxAgeS : Math.min(this.#maxAgeS, maxAgeS);
  }
}
