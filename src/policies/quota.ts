import { createHash, randomUUID } from 'node:crypto';
import type { RedisLink } from './redis.js';

/**
 * A rolling-window quota: at most `limit` requests in any window of `windowMs`, which is how
 * Insee's gateway counts (a fixed-window or token-bucket limiter would let twice the limit
 * through around a window boundary). No maintained library offers a strict rolling window over
 * Redis without native add-ons, so the algorithm (a log of request times, as a sorted set in
 * Redis) lives here.
 *
 * A slot may be taken for a client (the rate-limit identity of the request it serves): the
 * client then also has its own rolling log, so that one client cannot take the window from
 * others (fair share, see fair-queue.ts). While another client is present (it took a slot
 * within the window, or was refused one within two), a client holds at most `client.limit`
 * slots of the window; alone, at most `client.aloneLimit`. Logs are checked and written
 * together, so a refused client takes nothing from the shared window.
 */
export interface RollingQuota {
  /** Takes a slot now, or says how many ms until one frees up, and whose limit refused it. */
  tryAcquire(client?: ClientShare): Promise<QuotaAnswer>;
}

/** A client's identity, and the most slots it may hold in any window, with others present or alone. */
export interface ClientShare {
  id: string;
  limit: number;
  aloneLimit: number;
}

export type QuotaAnswer = { granted: true } | { granted: false; retryInMs: number; scope: 'source' | 'client' };

/** The log of one window: times of the slots taken, oldest first. */
class WindowLog {
  readonly times: number[] = [];

  prune(now: number, windowMs: number): void {
    while (this.times.length > 0 && now - this.times[0]! >= windowMs) this.times.shift();
  }

  retryIn(now: number, windowMs: number): number {
    return Math.max(1, this.times[0]! + windowMs - now);
  }
}

export class MemoryQuota implements RollingQuota {
  private readonly shared = new WindowLog();
  private readonly clients = new Map<string, WindowLog>();
  /** Clients present, until when: a window after their last slot, two after a refusal. */
  private readonly present = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async tryAcquire(client?: ClientShare): Promise<QuotaAnswer> {
    const now = Date.now();
    this.shared.prune(now, this.windowMs);
    for (const [id, until] of this.present) if (until <= now) this.present.delete(id);
    if (this.shared.times.length >= this.limit) {
      if (client) this.present.set(client.id, Math.max(this.present.get(client.id) ?? 0, now + 2 * this.windowMs));
      return { granted: false, retryInMs: this.shared.retryIn(now, this.windowMs), scope: 'source' };
    }
    if (client) {
      const own = this.clientLog(client.id, now);
      const others = this.present.size - (this.present.has(client.id) ? 1 : 0);
      if (own.times.length >= (others > 0 ? client.limit : client.aloneLimit)) {
        return { granted: false, retryInMs: own.retryIn(now, this.windowMs), scope: 'client' };
      }
      own.times.push(now);
      this.present.set(client.id, Math.max(this.present.get(client.id) ?? 0, now + this.windowMs));
    }
    this.shared.times.push(now);
    return { granted: true };
  }

  /** A client's log, pruned; logs of clients idle for a window are dropped, so the map stays small. */
  private clientLog(id: string, now: number): WindowLog {
    for (const [other, log] of this.clients) {
      log.prune(now, this.windowMs);
      if (log.times.length === 0 && other !== id) this.clients.delete(other);
    }
    const log = this.clients.get(id) ?? new WindowLog();
    this.clients.set(id, log);
    return log;
  }
}

// Runs atomically in Redis, on Redis's clock, so replicas with drifting clocks agree. KEYS[2]
// (the client's log) and KEYS[3] (the clients present, until when) come with a client. Answers 0
// when granted, else the wait in ms, negative when the client's own cap refused.
const ROLLING_WINDOW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local function wait_of(key)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
local function present_until(expiry)
  local known = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[4]) or '0')
  redis.call('ZADD', KEYS[3], math.max(known, expiry), ARGV[4])
  redis.call('PEXPIRE', KEYS[3], 2 * window)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if KEYS[2] then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) end
if redis.call('ZCARD', KEYS[1]) >= limit then
  if KEYS[2] then present_until(now + 2 * window) end
  return wait_of(KEYS[1])
end
if KEYS[2] then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local others = redis.call('ZCARD', KEYS[3])
  if redis.call('ZSCORE', KEYS[3], ARGV[4]) then others = others - 1 end
  local cap = tonumber(others > 0 and ARGV[5] or ARGV[6])
  if redis.call('ZCARD', KEYS[2]) >= cap then return -wait_of(KEYS[2]) end
  redis.call('ZADD', KEYS[2], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[2], window)
  present_until(now + window)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

/**
 * A client id as it may be stored: a client is told apart by its API key, which must not sit in
 * Redis in clear.
 */
function storedClientId(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 22);
}

/** The same quota shared by every replica through Redis; local while Redis is unreachable or hangs. */
export class RedisQuota implements RollingQuota {
  private readonly fallback: MemoryQuota;

  constructor(
    private readonly redis: RedisLink,
    private readonly key: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly onRedisError: (error: unknown) => void,
  ) {
    this.fallback = new MemoryQuota(limit, windowMs);
  }

  async tryAcquire(client?: ClientShare): Promise<QuotaAnswer> {
    if (!this.redis.usable) return this.fallback.tryAcquire(client);
    try {
      const id = client && storedClientId(client.id);
      const keys = client ? [this.key, `${this.key}:client:${id}`, `${this.key}:clients`] : [this.key];
      const shared = [String(this.windowMs), String(this.limit), randomUUID()];
      const own = client ? [id!, String(client.limit), String(client.aloneLimit)] : [];
      const wait = Number(await this.redis.client.eval(ROLLING_WINDOW_SCRIPT, { keys, arguments: [...shared, ...own] }));
      if (wait === 0) return { granted: true };
      return { granted: false, retryInMs: Math.abs(wait), scope: wait < 0 ? 'client' : 'source' };
    } catch (error) {
      this.redis.failed(error);
      this.onRedisError(error);
      return this.fallback.tryAcquire(client);
    }
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
