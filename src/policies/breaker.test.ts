import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sourceBreaker, type SourceBreaker } from './breaker.js';
import { UpstreamError } from './errors.js';
import { UpstreamMetrics } from './metrics.js';
import type { RawAnswer, ReadCall } from './read-call.js';

const call: ReadCall = { url: '/x', authenticated: false, keepNotFoundBody: false, scope: undefined };
const unavailable = () => new UpstreamError('UPSTREAM_UNAVAILABLE', 'melodi', 'melodi answered 503', { status: 503 });
const unauthorized = () => new UpstreamError('UPSTREAM_UNAUTHORIZED', 'melodi', 'melodi rejected the credential (401)', { status: 401 });

let breaker: SourceBreaker;
let metrics: UpstreamMetrics;
/** What the breaker's work does next, and how often it ran. */
let next: () => Promise<RawAnswer>;
let runs: number;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  metrics = new UpstreamMetrics();
  runs = 0;
  next = async () => ({ body: '{}', notFound: false });
  breaker = sourceBreaker(
    {
      source: 'melodi',
      settings: { timeoutMs: 1000, retries: 0 },
      options: { errorThresholdPercentage: 50, volumeThreshold: 4, resetTimeout: 5000 },
      metrics,
      logger: pino({ level: 'silent' }),
    },
    () => (runs++, next()),
  );
});
afterEach(() => {
  breaker.shutdown();
  vi.useRealTimers();
});

const gauge = async () => (await metrics.breakerState.get()).values.find((v) => v.labels.source === 'melodi')?.value;

describe('sourceBreaker', () => {
  it('opens after enough failures that say the source is unwell, then fails fast without calling it', async () => {
    next = async () => {
      throw unavailable();
    };
    for (let i = 0; i < 4; i++) await expect(breaker.fire(call)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(breaker.state).toBe('open');
    expect(await gauge()).toBe(2);
    await expect(breaker.fire(call)).rejects.toMatchObject({ code: 'EOPENBREAKER' });
    expect(runs).toBe(4);
  });

  it('never opens on failures that are the upstream working as designed (a 401)', async () => {
    next = async () => {
      throw unauthorized();
    };
    for (let i = 0; i < 10; i++) await expect(breaker.fire(call)).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    expect(breaker.state).toBe('closed');
    expect(await gauge()).toBe(0);
  });

  it('tries the source again after its reset time, and closes when it answers', async () => {
    next = async () => {
      throw unavailable();
    };
    for (let i = 0; i < 4; i++) await breaker.fire(call).catch(() => {});
    await vi.advanceTimersByTimeAsync(5000);
    expect(breaker.state).toBe('half-open');
    expect(await gauge()).toBe(1);
    next = async () => ({ body: '{}', notFound: false });
    await expect(breaker.fire(call)).resolves.toEqual({ body: '{}', notFound: false });
    expect(breaker.state).toBe('closed');
    expect(await gauge()).toBe(0);
  });
});
