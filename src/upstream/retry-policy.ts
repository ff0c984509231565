import type { RequestError, RetryOptions } from 'got';
import { MAX_RETRY_AFTER_MS, type CallSlot } from './call-slot.js';

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

/** The call slot an attempt went out with, if it is a read's (writes are never retried). */
function slotOf(error: RequestError): CallSlot | undefined {
  return (error.options?.context as { slot?: CallSlot } | undefined)?.slot;
}

/**
 * got's retries of idempotent reads: network errors, 429 and 502/503/504, with full-jitter
 * backoff (replicas do not retry in step) or the upstream's Retry-After up to a bound. A retry
 * that would start past its call's deadline is not made; one that is made gives its concurrency
 * slot back for the wait (got asks for the delay just before it waits), and takes one again
 * before it goes (CallSlot.beforeAttempt).
 */
export function retryPolicy(retries: number): Partial<RetryOptions> {
  return {
    limit: retries,
    methods: ['GET'],
    statusCodes: [429, 502, 503, 504],
    errorCodes: RETRYABLE_ERROR_CODES,
    maxRetryAfter: MAX_RETRY_AFTER_MS,
    calculateDelay: ({ computedValue, retryAfter, attemptCount, error }) => {
      if (computedValue === 0) return 0;
      const delay =
        retryAfter !== undefined ? computedValue : Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attemptCount - 1));
      const slot = slotOf(error);
      if (slot && Date.now() + delay >= slot.deadline) return 0;
      slot?.giveBack();
      // got waits only for a positive delay: a retry always waits a little, so the slot is taken again.
      return Math.max(1, delay);
    },
  };
}
