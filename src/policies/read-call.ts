import type { RequestScope } from './request-context.js';

/*
 * One upstream read as the policies between the cache and the transport see it (source.ts
 * composes them: breaker → admission → answer → credential → transport).
 */

/** One upstream read, below the cache and single flight. */
export interface ReadCall {
  /** Path and query from the origin (source-calls.ts `encodePath`). */
  readonly url: string;
  readonly authenticated: boolean;
  readonly keepNotFoundBody: boolean;
  /** The client request the call is made for (the first one, when identical calls share it). */
  readonly scope: RequestScope | undefined;
}

/** A body, or null for a resource that is not there; `notFound` when the body is a 404's or 410's. */
export interface RawAnswer {
  readonly body: string | null;
  readonly notFound: boolean;
}

/** A read from the policy below: the breaker's work, the admission's, each returns one. */
export type ReadStep = (call: ReadCall) => Promise<RawAnswer>;
