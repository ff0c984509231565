import type { Method } from 'got';
import type { z } from 'zod';

/*
 * What a source's client asks of its policies (source.ts), and what it gets back: the
 * words the clients in src/sources/ are written in.
 */

/** Query parameters in the order they are sent; repeated keys stay repeated. */
export type QueryParams = [string, string][];

export interface UpstreamRequest {
  /** Path from the origin, starting with `/`. */
  path: string;
  query?: QueryParams;
  /**
   * Whether the route needs the source's credential: without one, no call is made. Only these
   * requests carry it: a public read never sends the operator's key, which could only hurt it.
   */
  authenticated: boolean;
  /**
   * Read a 404 or 410 whose body is JSON with the same schema instead of answering `null`, for
   * upstreams whose "not found" says something worth reading (InserJeunes lists the millésimes
   * it has). Cached like any answer.
   */
  keepNotFoundBody?: boolean;
}

/** What a client calls on its source, on behalf of one client request (`SourcePolicies.for`). */
export interface SourceCalls {
  get<S extends z.ZodType>(request: UpstreamRequest, schema: S): Promise<Fetched<z.output<S> | null>>;
  send<S extends z.ZodType>(method: Method, path: string, body: unknown, headers: Record<string, string>, schema: S): Promise<z.output<S>>;
}

export interface Fetched<T> {
  value: T;
  /** True when the upstream failed and an expired cached answer was served instead. */
  stale: boolean;
  /** When the answer was obtained from the upstream (ms since epoch). */
  storedAt: number;
}

/** The path and query of a read, as sent and as its cache key. */
export function encodePath(request: UpstreamRequest): string {
  const search = new URLSearchParams(request.query ?? []).toString();
  return search ? `${request.path}?${search}` : request.path;
}
