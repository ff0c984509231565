import type { FairUse } from './fair-use.js';

/**
 * How the server treats one upstream: timeouts, retries, quota, concurrency and cache lifetime.
 * Each source's defaults are in its definition (`src/sources/<source>/index.ts`); the
 * `<PREFIX>_TIMEOUT_MS`… variables override them (src/config.ts).
 */
export interface SourceSettings {
  /** Per attempt, in ms. */
  timeoutMs: number;
  /** Retries of idempotent requests on network errors, 429 and 502/503/504. */
  retries: number;
  /** Requests allowed in any rolling window, shared by every replica when Redis is configured. */
  quota: { limit: number; windowMs: number };
  /** Requests in flight at once, per process. */
  concurrency: number;
  /** How long an answer is fresh, in seconds. */
  cacheTtlS: number;
  /** How the quota is shared between requests and clients; unset parts follow fair-use.ts. */
  fairUse?: Partial<FairUse>;
}
