import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { LRUCache } from 'lru-cache';
import { Gauge, type Registry } from 'prom-client';

/**
 * Whole answers kept in memory are bounded by the bytes they hold, not only by their count: one
 * nested answer can be megabytes, and a thousand of them would hold gigabytes (issue 23: six such
 * answers kept the resident memory at 615 MB for a day). Both in-memory layers (the hot layer and
 * the response cache without Redis) count an answer the same way, and drop their least recently
 * used answers to stay under their bound; an answer bigger than the whole bound is not kept.
 */

/**
 * What a text costs to hold: V8 keeps a string in one byte a character, or two once it holds a
 * character past Latin-1; two a character is the bound whatever the text, and costs no scan.
 */
export function heldBytes(text: string): number {
  return 2 * text.length;
}

export const MEGABYTE = 2 ** 20;

/** A gauge of the bytes a layer holds now, read when /metrics is rendered. */
export function heldBytesGauge(registry: Registry, name: string, help: string, held: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(held());
    },
  });
}

/**
 * The response cache's store in memory: Apollo's response-cache plugin stores each answer as one
 * JSON text with a TTL in seconds (KeyValueCache), kept here in an LRU bounded by count and bytes.
 */
export class ByteBoundedTextCache implements KeyValueCache<string> {
  private readonly texts: LRUCache<string, string>;

  constructor(maxEntries: number, maxBytes: number) {
    this.texts = new LRUCache<string, string>({
      max: maxEntries,
      maxSize: Math.max(1, Math.floor(maxBytes)),
      sizeCalculation: (text, key) => heldBytes(text) + heldBytes(key),
      // Expired by the wall clock, as the Redis store's entries are (keyv) and as Apollo dates
      // them for `Age`: one clock for the whole response path, which tests move by faking Date.
      perf: { now: () => Date.now() },
    });
  }

  /** Bytes held now, by `heldBytes`. */
  get heldBytes(): number {
    return this.texts.calculatedSize;
  }

  async get(key: string): Promise<string | undefined> {
    return this.texts.get(key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttlS = options?.ttl;
    this.texts.set(key, value, ttlS ? { ttl: ttlS * 1000 } : undefined);
  }

  async delete(key: string): Promise<boolean> {
    return this.texts.delete(key);
  }
}
