import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpstreamError } from '../../src/policies/errors.js';
import { FairQuotaQueue, type FairQueueOptions } from '../../src/policies/fair-queue.js';
import { MemoryQuota } from '../../src/policies/quota.js';

/** A promise's state, read without waiting for it. */
function track(promise: Promise<void>) {
  const state: { settled: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { settled: 'pending' };
  promise.then(
    () => (state.settled = 'resolved'),
    (error: unknown) => Object.assign(state, { settled: 'rejected', error }),
  );
  return state;
}

function queueOf(options: Partial<FairQueueOptions> = {}): FairQuotaQueue {
  return new FairQuotaQueue({
    source: 'data-inclusion',
    quota: new MemoryQuota(1000, 1000),
    concurrency: 1,
    maxWaitMs: 2000,
    maxSlotWaitMs: 5000,
    maxLength: 100,
    clientMaxLength: 100,
    clientShare: { limit: 1000, aloneLimit: 1000 },
    onWait: () => {},
    onRejected: () => {},
    ...options,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('FairQuotaQueue', () => {
  it("serves a client's later call that needs no concurrency slot while its first one waits for a slot", async () => {
    const queue = queueOf();
    const first = track(queue.acquire('a', true));
    await vi.advanceTimersByTimeAsync(1);
    expect(first.settled).toBe('resolved');
    const second = track(queue.acquire('a', true));
    const write = track(queue.acquire('a', false));
    await vi.advanceTimersByTimeAsync(100);
    expect(write.settled).toBe('resolved');
    expect(second.settled).toBe('pending');
    queue.release();
    await vi.advanceTimersByTimeAsync(1);
    expect(second.settled).toBe('resolved');
  });

  it('fails a wait for a concurrency slot at its deadline, with a clear error, and frees its place', async () => {
    const queue = queueOf({ maxSlotWaitMs: 3000 });
    const holder = track(queue.acquire('a', true));
    await vi.advanceTimersByTimeAsync(1);
    expect(holder.settled).toBe('resolved');
    const waiting = track(queue.acquire('b', true));
    const ownDeadline = track(queue.acquire('c', true, Date.now() + 1000));
    await vi.advanceTimersByTimeAsync(1100);
    expect(ownDeadline.settled).toBe('rejected');
    expect(waiting.settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(2000);
    expect(waiting.settled).toBe('rejected');
    for (const { error } of [waiting, ownDeadline]) {
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'data-inclusion' });
      expect((error as Error).message).toMatch(/no call slot/);
    }
    expect(queue.size).toBe(0);
    // The slot still held is given back, and the next call takes it.
    queue.release();
    const next = track(queue.acquire('b', true));
    await vi.advanceTimersByTimeAsync(1);
    expect(next.settled).toBe('resolved');
  });

  it('reports how many calls are in flight and how long the oldest has waited', async () => {
    const queue = queueOf();
    void queue.acquire('a', true);
    await vi.advanceTimersByTimeAsync(1);
    void queue.acquire('b', true).catch(() => {});
    await vi.advanceTimersByTimeAsync(400);
    expect(queue.inFlightCount).toBe(1);
    expect(queue.oldestWaitMs(Date.now())).toBeGreaterThanOrEqual(400);
  });
});
