/*
 * The shared machinery for calling any upstream: cache, single-flight, quotas, circuit breaker,
 * retries, timeouts, validation, error mapping and metrics, each a small policy in its own file,
 * composed in source.ts. It knows no particular
 * source: each is defined in `src/sources/<source>/`, and `src/clients.ts` builds the server's
 * clients from the registry over this machinery.
 */
export { UpstreamError, type UpstreamErrorCode } from './errors.js';
export type { Fetched } from './source.js';
