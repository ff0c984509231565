import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { SourceName } from '../sources/names.js';
import { UpstreamError } from './errors.js';

/**
 * A rolling-window quota: at most `limit` requests in any window of `windowMs`, which is how
 * Insee's gateway counts (a fixed-window or token-bucket limiter would let twice the limit
 * through around a window boundary). No maintained library offers a strict rolling window over
 * Redis without native add-ons, so the algorithm (a log of request times, as a sorted set in
 * Redis) lives here.
 */
export interface RollingQuota {
  /** Takes a slot now, or says how many ms until one frees up. */
  tryAcquire(): Promise<{ granted: true } | { granted: false; retryInMs: number }>;
}

export class MemoryQuota implements RollingQuota {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async tryAcquire(): Promise<{ granted: true } | { granted: false; retryInMs: number }> {
    const now = Date.now();
    while (this.times.length > 0 && now - this.times[0]! >= this.windowMs) this.times.shift();
    if (this.times.length < this.limit) {
      this.times.push(now);
      return { granted: true };
    }
    return { granted: false, retryInMs: Math.max(1, this.times[0]! + this.windowMs - now) };
  }
}

// Runs atomically in Redis, on Redis's clock, so replicas with drifting clocks agree.
const ROLLING_WINDOW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** The same quota shared by every replica through Redis; local while Redis is unreachable. */
export class RedisQuota implements RollingQuota {
  private readonly fallback: MemoryQuota;

  constructor(
    private readonly redis: RedisClientType,
    private readonly key: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly onRedisError: (error: unknown) => void,
  ) {
    this.fallback = new MemoryQuota(limit, windowMs);
  }

  async tryAcquire(): Promise<{ granted: true } | { granted: false; retryInMs: number }> {
    if (!this.redis.isReady) return this.fallback.tryAcquire();
    try {
      const wait = Number(
        await this.redis.eval(ROLLING_WINDOW_SCRIPT, {
          keys: [this.key],
          arguments: [String(this.windowMs), String(this.limit), randomUUID()],
        }),
      );
      return wait === 0 ? { granted: true } : { granted: false, retryInMs: wait };
    } catch (error) {
      this.onRedisError(error);
      return this.fallback.tryAcquire();
    }
  }
}

/**
 * Waits for a slot for at most `maxWaitMs`; past that the request fails as rate-limited rather
 * than keep a GraphQL client waiting for a minute.
 */
export async function acquireSlot(quota: RollingQuota, source: SourceName, maxWaitMs: number, onWait: (ms: number) => void): Promise<void> {
  const started = Date.now();
  for (;;) {
    const result = await quota.tryAcquire();
    if (result.granted) {
      if (Date.now() > started) onWait(Date.now() - started);
      return;
    }
    const remaining = maxWaitMs - (Date.now() - started);
    if (result.retryInMs > remaining) {
      throw new UpstreamError(
        'UPSTREAM_RATE_LIMITED',
        source,
        `The ${source} quota is spent; next request possible in ${Math.ceil(result.retryInMs / 1000)} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, result.retryInMs + Math.random() * 20));
  }
}

/**
 * Requests reach the upstream a little later than they are counted here, and not always in the
 * same order (a busy event loop, the network); widening the window by a margin (2 %, at least
 * 250 ms) keeps the upstream's own count under its limit despite that jitter.
 */
export function windowWithMargin(windowMs: number): number {
  return windowMs + Math.max(250, Math.round(windowMs * 0.02));
}
