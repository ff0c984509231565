import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { RedisLink } from '../policies/redis.js';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

// Atomic in Redis: the first request of a window starts it (PEXPIRE), every replica counts in
// the same key, and the answer is the count with the window's remaining time.
const COUNT_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

/** A fixed window per key in this process: what counts while Redis is unreachable. */
class LocalWindows {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  count(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      // Expired windows go when a new one opens, so that the map holds only live clients.
      if (this.windows.size >= 10_000) for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
      window = { count: 0, endsAt: now + timeWindow };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { current: window.count, ttl: window.endsAt - now };
  }
}

/**
 * A @fastify/rate-limit store over the server's node-redis connection, so that replicas share
 * each client's bucket (the plugin's own Redis store needs ioredis). While Redis is unreachable
 * (or hangs: its commands time out, redis.ts) each process counts alone, as the upstream quotas
 * do, rather than refusing or letting all in, or waiting.
 * Keys are hashed: a client's API key never becomes a Redis key name.
 */
class RedisRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly redis: RedisLink,
    private readonly onRedisError: (error: unknown) => void,
    private readonly namespace: string,
    private readonly local = new LocalWindows(),
  ) {}

  incr(key: string, callback: Callback, timeWindow: number): void {
    const name = this.namespace + createHash('sha256').update(key).digest('base64url');
    if (!this.redis.usable) return callback(null, this.local.count(name, timeWindow));
    this.redis.client
      .eval(COUNT_SCRIPT, { keys: [name], arguments: [String(timeWindow)] })
      .then((reply) => {
        const [current, ttl] = reply as [number, number];
        callback(null, { current, ttl });
      })
      .catch((error: unknown) => {
        this.redis.failed(error);
        this.onRedisError(error);
        callback(null, this.local.count(name, timeWindow));
      });
  }

  /** A route with limits of its own counts apart (the plugin passes the route as `routeInfo`, whatever its types say). */
  child(options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    const route = (options as unknown as { routeInfo?: { method?: unknown; url?: string } }).routeInfo ?? {};
    return new RedisRateLimitStore(
      this.redis,
      this.onRedisError,
      `${this.namespace}${String(route.method ?? '')}${route.url ?? ''}:`,
      this.local,
    );
  }
}

/** The store's class as the plugin takes it (`store`: it calls `new` with no argument of ours). */
export function redisRateLimitStore(redis: RedisLink, onRedisError: (error: unknown) => void) {
  return class extends RedisRateLimitStore {
    constructor() {
      super(redis, onRedisError, 'inclusion-graph:rate-limit:');
    }
  };
}
