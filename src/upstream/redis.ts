import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';

/**
 * The Redis connection shared by the cache and the quotas. It never blocks start-up and never
 * crashes the process: while Redis is away, commands fail fast (no offline queue) and callers
 * fall back to memory; the outage is logged once, and the recovery too.
 */
export function connectRedis(url: string, logger: Logger): RedisClientType {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  }) as RedisClientType;
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: { message: error.message } }, 'Redis is unreachable; using in-process cache and quotas until it returns');
  });
  client.on('ready', () => {
    if (down) logger.info('Redis is reachable again; cache and quotas are shared again');
    down = false;
  });
  client.connect().catch(() => {
    // The error listener has logged it; the reconnect strategy keeps trying.
  });
  return client;
}
