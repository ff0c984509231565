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

/**
 * How one source's quota is shared between requests and clients (README, "Upstream budgets").
 * Each part may be set by the operator (src/config.ts); what is not set follows fair-use.ts.
 */
export interface FairUse {
  /** Upstream calls one GraphQL request may make to the source (estimated before, counted during). */
  requestBudget: number;
  /** The part of the quota window one client may hold, in (0, 1]. */
  clientShare: number;
  /** Calls waiting for a slot at once, per process (a client at most its share of them). */
  maxQueue: number;
}
