import type { RetryOptions } from 'got';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryPolicy, type RetryWindow } from './retry-policy.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A call's window that remembers whether its slot was given back. */
function windowUntil(deadline: number): RetryWindow & { givenBack: number } {
  return {
    deadline,
    givenBack: 0,
    giveBack() {
      this.givenBack++;
    },
  };
}

/** got's question to the policy: how long to wait before attempt `attemptCount + 1` (0: no retry). */
function delayOf(policy: Partial<RetryOptions>, asked: { computedValue: number; retryAfter?: number; attemptCount?: number }): number {
  const ask = { attemptCount: 1, error: new Error('failed'), retryOptions: policy, ...asked };
  return policy.calculateDelay!(ask as Parameters<RetryOptions['calculateDelay']>[0]) as number;
}

describe('retryPolicy', () => {
  it('retries only idempotent reads, on network errors, 429 and 502/503/504, as often as set', () => {
    const policy = retryPolicy(2);
    expect(policy).toMatchObject({ limit: 2, methods: ['GET'], statusCodes: [429, 502, 503, 504] });
    expect(policy.errorCodes).toEqual(expect.arrayContaining(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED']));
  });

  it('makes no retry got ruled out, and keeps the slot', () => {
    const window = windowUntil(Date.now() + 60_000);
    expect(delayOf(retryPolicy(2, window), { computedValue: 0 })).toBe(0);
    expect(window.givenBack).toBe(0);
  });

  it('waits a jittered backoff that doubles with each attempt, up to two seconds', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const policy = retryPolicy(5);
    expect(delayOf(policy, { computedValue: 5000, attemptCount: 1 })).toBeCloseTo(99.9);
    expect(delayOf(policy, { computedValue: 5000, attemptCount: 3 })).toBeCloseTo(399.6);
    expect(delayOf(policy, { computedValue: 5000, attemptCount: 10 })).toBeCloseTo(1998);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(delayOf(policy, { computedValue: 5000, attemptCount: 1 })).toBe(1);
    vi.restoreAllMocks();
  });

  it('honours the upstream’s Retry-After (got has bounded it)', () => {
    expect(delayOf(retryPolicy(2), { computedValue: 3000, retryAfter: 3000 })).toBe(3000);
  });

  it('gives the call’s slot back for the wait of a retry it makes', () => {
    const window = windowUntil(Date.now() + 10_000);
    expect(delayOf(retryPolicy(2, window), { computedValue: 2000, retryAfter: 2000 })).toBe(2000);
    expect(window.givenBack).toBe(1);
  });

  it('makes no retry that would start past the call’s deadline', () => {
    const window = windowUntil(Date.now() + 2000);
    expect(delayOf(retryPolicy(2, window), { computedValue: 1999, retryAfter: 1999 })).toBe(1999);
    vi.advanceTimersByTime(1);
    expect(delayOf(retryPolicy(2, window), { computedValue: 1999, retryAfter: 1999 })).toBe(0);
    expect(window.givenBack).toBe(1);
  });
});
