import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { admitted } from './admission.js';
import { callBudgetMs, type CallSlot } from './call-slot.js';
import { UpstreamError } from './errors.js';
import { FairQuotaQueue } from './fair-queue.js';
import { MemoryQuota } from './quota.js';
import type { RawAnswer, ReadCall } from './read-call.js';
import { UpstreamBudget, type RequestScope } from './request-context.js';
import { SourceHealth } from './source-health.js';

const settings = { timeoutMs: 1000, retries: 1 };

function admissionOf(attempts: (call: ReadCall, slot: CallSlot) => Promise<RawAnswer>, concurrency = 1) {
  const queue = new FairQuotaQueue({
    source: 'insee',
    quota: new MemoryQuota(1000, 1000),
    concurrency,
    maxWaitMs: 2000,
    maxSlotWaitMs: settings.timeoutMs,
    maxLength: 100,
    clientMaxLength: 100,
    clientShare: { limit: 1000, aloneLimit: 1000 },
    onWait: () => {},
    onRejected: () => {},
  });
  const health = new SourceHealth();
  return { queue, health, read: admitted({ source: 'insee', settings, queue, health }, attempts) };
}

const call = (scope?: RequestScope): ReadCall => ({ url: '/x', authenticated: false, keepNotFoundBody: false, scope });
const answer: RawAnswer = { body: '{}', notFound: false };

/** An attempt that ends when told to. */
function pending() {
  let end!: (value: RawAnswer) => void;
  return { promise: new Promise<RawAnswer>((resolve) => (end = resolve)), end: () => end(answer) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('admitted', () => {
  it('counts each call against its request’s budget, and fails the one past it before it goes', async () => {
    let attempts = 0;
    const { read } = admissionOf(async () => (attempts++, answer));
    const limits = { insee: 1, melodi: 5, 'data-inclusion': 5, lemarche: 5, datagouv: 5, inserjeunes: 5 } as const;
    const scope: RequestScope = { requestId: 'r', upstreamBudget: new UpstreamBudget(limits) };
    await expect(read(call(scope))).resolves.toEqual(answer);
    await expect(read(call(scope))).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', source: 'insee' });
    expect(attempts).toBe(1);
  });

  it('holds a concurrency slot while the call runs, and gives it back when it ends, failed or not', async () => {
    const first = pending();
    const { queue, read } = admissionOf(() => first.promise);
    const done = read(call());
    await vi.advanceTimersByTimeAsync(1);
    expect(queue.inFlightCount).toBe(1);
    first.end();
    await done;
    expect(queue.inFlightCount).toBe(0);

    const failing = admissionOf(async () => {
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'insee', 'insee answered 503', { status: 503 });
    });
    await expect(failing.read(call())).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(failing.queue.inFlightCount).toBe(0);
    expect(failing.health.lastError).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('gives the call’s attempts its slot, whose deadline is the call’s whole budget', async () => {
    let deadline = 0;
    const { read } = admissionOf(async (_call, slot) => ((deadline = slot.deadline), answer));
    await read(call());
    expect(deadline).toBe(Date.now() + callBudgetMs(settings));
  });

  it('fails a call that finds no free slot in time as a timeout, without running it', async () => {
    const first = pending();
    let runs = 0;
    const { read } = admissionOf(() => (runs++, first.promise));
    const holding = read(call());
    const waiting = read(call()).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(settings.timeoutMs + 100);
    expect(await waiting).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'insee' });
    expect(runs).toBe(1);
    first.end();
    await holding;
  });

  it('tells readiness of a call that outlives its deadline: the source is stalled', async () => {
    const { health, read } = admissionOf(() => new Promise<RawAnswer>(() => {}));
    void read(call());
    await vi.advanceTimersByTimeAsync(1);
    expect(health.state('closed', 0, 60_000)).toBe('ok');
    await vi.advanceTimersByTimeAsync(callBudgetMs(settings) + settings.timeoutMs + 1);
    expect(health.state('closed', 0, 60_000)).toBe('stalled');
  });
});
