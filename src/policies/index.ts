/*
 * The policies that wrap every call to a source: cache, single flight, quotas, circuit breaker,
 * retries, timeouts, validation, error mapping and metrics, each in its own file, composed in
 * source.ts (`SourcePolicies`) over the transport (got, transport.ts). They know no particular
 * source: each is defined in `src/sources/<source>/`, and `src/connections.ts` builds every
 * source's policies and client from the registry.
 */
export { UpstreamError, type UpstreamErrorCode } from './errors.js';
export type { Fetched } from './source.js';
