import { createClient, TimeoutError, type RedisClientType } from 'redis';
import type { Logger } from 'pino';

/**
 * How long any Redis command may take. Redis answers in well under a millisecond on a healthy
 * link; a command that takes this long means a Redis that hangs (paused, swapping, stuck on a slow
 * command), and the request it serves goes on with the in-process fallback instead of waiting.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** While Redis does not answer, how often it is asked again. */
const PROBE_EVERY_MS = 1000;
/** Methods that open or close the connection: bounded by the connection's own timeouts. */
const LIFECYCLE = new Set<string | symbol>(['connect', 'close', 'quit', 'QUIT', 'disconnect', 'destroy']);

/** `ready`; `unreachable` (no connection: it is away); `unresponsive` (connected, but it hangs). */
export type RedisState = 'ready' | 'unreachable' | 'unresponsive';

/**
 * The Redis connection shared by the cache, the quotas and the rate limit, and whether it answers.
 * A Redis that is away is seen by the connection (`isReady`); one that hangs, by a command that
 * times out: from then on callers use their in-process fallback at once (`usable` is false), and
 * a PING now and then tells when it answers again.
 */
export class RedisLink {
  private hanging = false;
  private probe: NodeJS.Timeout | undefined;

  /** The connection, every command of which is answered or fails within REDIS_COMMAND_TIMEOUT_MS. */
  readonly client: RedisClientType;

  constructor(
    connection: RedisClientType,
    private readonly logger: Logger,
  ) {
    this.client = this.boundedClient(connection);
  }

  /**
   * The connection with a bound on every command's reply. node-redis's own `timeout` command
   * option bounds only the wait before a command is written (its queue drops the timer once the
   * command is on the socket), not the wait for the reply, which is what a hung Redis withholds.
   * So every method that answers a promise (commands, scripts, the caches' reads and writes,
   * whoever holds the connection) answers within the bound here; opening and closing keep their
   * own timeouts.
   */
  private boundedClient(connection: RedisClientType): RedisClientType {
    return new Proxy(connection, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || LIFECYCLE.has(property)) return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? this.bounded(result) : result;
        };
      },
    });
  }

  /** A command's reply, or a TimeoutError after REDIS_COMMAND_TIMEOUT_MS (and Redis is taken for hung). */
  private bounded<T>(reply: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new TimeoutError(`Redis did not answer within ${REDIS_COMMAND_TIMEOUT_MS} ms`);
        this.failed(error);
        reject(error);
      }, REDIS_COMMAND_TIMEOUT_MS);
    });
    return Promise.race([reply, timeout]).finally(() => clearTimeout(timer));
  }

  get state(): RedisState {
    if (!this.client.isReady) return 'unreachable';
    return this.hanging ? 'unresponsive' : 'ready';
  }

  /** Whether callers should send their commands to Redis now (rather than use their fallback). */
  get usable(): boolean {
    return this.client.isReady && !this.hanging;
  }

  /** Hears of a command that failed: one that timed out says Redis hangs. */
  failed(error: unknown): void {
    const timedOut = error instanceof TimeoutError || (error as { cause?: unknown } | undefined)?.cause instanceof TimeoutError;
    if (!timedOut || this.hanging) return;
    this.hanging = true;
    this.logger.warn('Redis does not answer in time; using in-process cache, quotas and rate limits until it does');
    this.probe = setInterval(() => void this.check(), PROBE_EVERY_MS).unref();
  }

  /** Asks Redis whether it answers (bounded by the command timeout); the state after it. */
  async check(): Promise<RedisState> {
    if (!this.client.isReady) return this.state;
    try {
      await this.client.ping();
      if (this.hanging) this.logger.info('Redis answers again; cache, quotas and rate limits are shared again');
      this.hanging = false;
      clearInterval(this.probe);
    } catch (error) {
      this.failed(error);
    }
    return this.state;
  }

  /** Closes the connection: politely when Redis answers, at once otherwise (QUIT would wait for it). */
  async close(): Promise<void> {
    clearInterval(this.probe);
    if (this.usable) {
      const timeout = new Promise((resolve) => setTimeout(resolve, REDIS_COMMAND_TIMEOUT_MS).unref());
      await Promise.race([this.client.quit(), timeout]).catch(() => {});
    }
    if (this.client.isOpen) this.client.destroy();
  }
}

/**
 * Connects to Redis. It never blocks start-up and never crashes the process: while Redis is away,
 * commands fail fast (no offline queue) and callers fall back to memory; while it hangs, every
 * command times out (REDIS_COMMAND_TIMEOUT_MS) and callers fall back too. Outages are logged
 * once, and the recovery too.
 */
export function connectRedis(url: string, logger: Logger): RedisLink {
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
  return new RedisLink(client, logger);
}
