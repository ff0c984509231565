import type { SourceName } from '../sources/names.js';

/** How the server treats one upstream: timeouts, retries, quota, concurrency and cache lifetime. */
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
}

/**
 * Defaults from each upstream's contract: Insee allows 30 requests a minute per IP; InserJeunes
 * asks partners for at most 10 a second; the others publish no limit, so the server stays polite.
 * data·inclusion has no limiter in its code and gives a structure's services only in its detail
 * (one call per structure of a list page), so its window fits a page of fifty.
 * Insee cubes are frozen (weeks of cache); InserJeunes changes yearly (a day); the rest hourly.
 */
export const DEFAULT_SETTINGS: Record<SourceName, SourceSettings> = {
  insee: { timeoutMs: 6000, retries: 2, quota: { limit: 30, windowMs: 60_000 }, concurrency: 4, cacheTtlS: 14 * 24 * 3600 },
  'data-inclusion': { timeoutMs: 8000, retries: 2, quota: { limit: 50, windowMs: 1000 }, concurrency: 8, cacheTtlS: 3600 },
  lemarche: { timeoutMs: 8000, retries: 2, quota: { limit: 10, windowMs: 1000 }, concurrency: 6, cacheTtlS: 4 * 3600 },
  inserjeunes: { timeoutMs: 8000, retries: 2, quota: { limit: 10, windowMs: 1000 }, concurrency: 6, cacheTtlS: 24 * 3600 },
  datagouv: { timeoutMs: 8000, retries: 2, quota: { limit: 5, windowMs: 1000 }, concurrency: 6, cacheTtlS: 3600 },
};

/** Prefix of each source's tuning variables: `INSEE_TIMEOUT_MS`, `DATA_INCLUSION_CACHE_TTL_S`… */
export const ENV_PREFIX: Record<SourceName, string> = {
  insee: 'INSEE',
  'data-inclusion': 'DATA_INCLUSION',
  lemarche: 'LEMARCHE',
  inserjeunes: 'INSERJEUNES',
  datagouv: 'DATAGOUV',
};
