import { KeyvCacheableMemory } from '@cacheable/memory';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import type { RedisLink } from './redis.js';

/** What is stored: the value, when it was stored, and until when it is fresh. */
export interface CacheEnvelope<T> {
  v: T;
  /** Stored at (ms since epoch). */
  t: number;
  /** Fresh until (ms since epoch); after that the entry only serves when the upstream fails. */
  f: number;
}

export interface CacheRead<T> {
  envelope: CacheEnvelope<T>;
  fresh: boolean;
}

export interface CacheStoreOptions {
  namespace: string;
  maxEntries: number;
  redis?: RedisLink;
  onStoreError: (error: unknown) => void;
}

/**
 * A bounded LRU in memory, for keyv. Values are kept as they are, neither serialised nor cloned:
 * either would cost a copy of every list (hundreds of kilobytes for a department's structures) on
 * every cache hit; nothing mutates cached values (mapping always builds new objects). One map, not
 * the library's default sixteen: choosing among them hashed every key on every read.
 */
export function memoryStore(maxEntries: number): KeyvCacheableMemory {
  return new KeyvCacheableMemory({ lruSize: maxEntries, useClone: false, storeHashSize: 1 });
}

function memoryKeyv(namespace: string, maxEntries: number): Keyv {
  return new Keyv({
    store: memoryStore(maxEntries),
    namespace,
    throwOnErrors: true,
    serialize: undefined,
    deserialize: undefined,
  });
}

/**
 * One source's cache: fresh for its TTL, then kept `staleTtlS` longer to answer when the
 * upstream fails. In Redis (shared by replicas) when configured, otherwise in a bounded LRU in
 * memory; a Redis failure falls back to memory rather than failing the request, and so does a
 * Redis that hangs (its commands time out, redis.ts).
 */
export class SourceCache {
  private readonly primary: Keyv;
  private readonly memory: Keyv;

  constructor(
    private readonly ttlS: number,
    private readonly staleTtlS: number,
    private readonly options: CacheStoreOptions,
  ) {
    this.memory = memoryKeyv(options.namespace, options.maxEntries);
    this.primary = options.redis
      ? new Keyv({
          store: new KeyvRedis(options.redis.client, { throwOnErrors: true, throwOnConnectError: true }),
          namespace: options.namespace,
          throwOnErrors: true,
        })
      : this.memory;
  }

  private get store(): Keyv {
    return this.options.redis && !this.options.redis.usable ? this.memory : this.primary;
  }

  async read<T>(key: string): Promise<CacheRead<T> | undefined> {
    let envelope: CacheEnvelope<T> | undefined;
    try {
      envelope = (await this.store.get(key)) as CacheEnvelope<T> | undefined;
    } catch (error) {
      this.options.redis?.failed(error);
      this.options.onStoreError(error);
      envelope = (await this.memory.get(key)) as CacheEnvelope<T> | undefined;
    }
    return envelope ? { envelope, fresh: Date.now() < envelope.f } : undefined;
  }

  /** Stores a fresh answer; returns its timestamp. */
  async write<T>(key: string, value: T): Promise<number> {
    const now = Date.now();
    if (this.ttlS === 0) return now;
    const envelope: CacheEnvelope<T> = { v: value, t: now, f: now + this.ttlS * 1000 };
    const ttlMs = (this.ttlS + this.staleTtlS) * 1000;
    try {
      await this.store.set(key, envelope, ttlMs);
    } catch (error) {
      this.options.redis?.failed(error);
      this.options.onStoreError(error);
      await this.memory.set(key, envelope, ttlMs);
    }
    return now;
  }

  async clear(): Promise<void> {
    await Promise.allSettled([this.primary.clear(), this.memory.clear()]);
  }
}
