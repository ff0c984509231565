import type { RetryOptions } from 'got';
import { MAX_RETRY_AFTER_MS } from './call-slot.js';

const RETRYABLE_ERROR_CODES = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EADDRINUSE',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
];
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2000;

/**
 * What a read's retries are bounded by: its call's deadline, and the concurrency slot it gives
 * back while it waits (call-slot.ts).
 */
export interface RetryWindow {
  /** No retry starts past it (ms since epoch). */
  readonly deadline: number;
  giveBack(): void;
}

/**
 * got's retries of idempotent reads: network errors, 429 and 502/503/504, with full-jitter
 * backoff (replicas do not retry in step) or the upstream's Retry-After up to a bound. A retry
 * that would start past its call's deadline is not made; one that is made gives its concurrency
 * slot back for the wait (got asks for the delay just before it waits), and takes one again
 * before it goes (CallSlot.beforeAttempt). Without a window (a read outside any call's slot),
 * only the backoff applies.
 */
export function retryPolicy(retries: number, window?: RetryWindow): Partial<RetryOptions> {
  return {
    limit: retries,
    methods: ['GET'],
    statusCodes: [429, 502, 503, 504],
    errorCodes: RETRYABLE_ERROR_CODES,
    maxRetryAfter: MAX_RETRY_AFTER_MS,
    calculateDelay: ({ computedValue, retryAfter, attemptCount }) => {
      if (computedValue === 0) return 0;
      const delay =
        retryAfter !== undefined ? computedValue : Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attemptCount - 1));
      if (window && Date.now() + delay >= window.deadline) return 0;
      window?.giveBack();
      // got waits only for a positive delay: a retry always waits a little, so the slot is taken again.
      return Math.max(1, delay);
    },
  };
}
