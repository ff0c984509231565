import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SourceCache } from './cache.js';
import { cachedRead, type CachedReadDeps } from './cached-read.js';
import { UpstreamError } from './errors.js';
import { UpstreamMetrics } from './metrics.js';
import { SingleFlight } from './single-flight.js';

const TTL_S = 60;
let deps: CachedReadDeps;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  deps = {
    source: 'lemarche',
    cache: new SourceCache(TTL_S, 3600, { namespace: 'test', maxEntries: 100, onStoreError: () => {} }),
    flights: new SingleFlight(),
    metrics: new UpstreamMetrics(),
    logger: pino({ level: 'silent' }),
  };
});
afterEach(() => {
  vi.useRealTimers();
});

const unavailable = () => new UpstreamError('UPSTREAM_UNAVAILABLE', 'lemarche', 'lemarche answered 503', { status: 503 });
const results = async () => Object.fromEntries((await deps.metrics.cache.get()).values.map((v) => [v.labels.result, v.value]));

describe('cachedRead', () => {
  it('reads the upstream once, then answers from the cache while fresh, telling when it was obtained', async () => {
    let reads = 0;
    const fetch = async () => ({ n: ++reads });
    const first = await cachedRead(deps, '/k', fetch);
    vi.advanceTimersByTime(30_000);
    const second = await cachedRead(deps, '/k', fetch);
    expect(second).toEqual({ value: { n: 1 }, stale: false, storedAt: first.storedAt });
    expect(first.storedAt).toBe(1_000_000);
    expect(reads).toBe(1);
    expect(await results()).toEqual({ miss: 1, hit: 1 });
  });

  it('reads again once the answer is no longer fresh', async () => {
    let reads = 0;
    await cachedRead(deps, '/k', async () => ++reads);
    vi.advanceTimersByTime(TTL_S * 1000);
    expect(await cachedRead(deps, '/k', async () => ++reads)).toEqual({ value: 2, stale: false, storedAt: 1_000_000 + TTL_S * 1000 });
  });

  it('answers the expired entry, marked stale, when the upstream fails', async () => {
    await cachedRead(deps, '/k', async () => 'old');
    vi.advanceTimersByTime(TTL_S * 1000 + 1);
    const answer = await cachedRead(deps, '/k', async () => {
      throw unavailable();
    });
    expect(answer).toEqual({ value: 'old', stale: true, storedAt: 1_000_000 });
    expect((await results()).stale).toBe(1);
  });

  it('fails with the contract’s error when there is nothing to fall back on, or the failure is the caller’s', async () => {
    await expect(cachedRead(deps, '/none', async () => Promise.reject(unavailable()))).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await cachedRead(deps, '/k', async () => 'old');
    vi.advanceTimersByTime(TTL_S * 1000 + 1);
    const refused = new UpstreamError('BAD_USER_INPUT', 'lemarche', 'lemarche refused a parameter', { status: 400 });
    await expect(cachedRead(deps, '/k', async () => Promise.reject(refused))).rejects.toBe(refused);
    await expect(cachedRead(deps, '/k', async () => Promise.reject(new Error('boom')))).resolves.toMatchObject({ stale: true });
  });

  it('shares one upstream read among identical reads in flight, unless single flight is off', async () => {
    let reads = 0;
    const fetch = async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return reads;
    };
    const shared = Promise.all([cachedRead(deps, '/a', fetch), cachedRead(deps, '/a', fetch)]);
    await vi.advanceTimersByTimeAsync(10);
    expect((await shared).map((f) => f.value)).toEqual([1, 1]);
    const naive = { ...deps, flights: undefined };
    const apart = Promise.all([cachedRead(naive, '/b', fetch), cachedRead(naive, '/b', fetch)]);
    await vi.advanceTimersByTimeAsync(10);
    await apart;
    expect(reads).toBe(3);
  });
});
