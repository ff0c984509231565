import DataLoader from 'dataloader';
import type { Fetched } from '../policies/source.js';

export interface LoaderOptions {
  /** Hears of answers served from an expired cache entry. */
  onStale: () => void;
  /** Hears of every answer, with when the upstream gave it (for the response cache's lifetime). */
  onAnswer?: (storedAt: number, stale: boolean) => void;
  /**
   * The benchmark's naive baseline: no batching and no memoisation within a request, every
   * load goes out on its own.
   */
  naive?: boolean;
}

/**
 * A per-request DataLoader over one kind of upstream resource. Keys may be objects (compared by
 * value); each distinct key costs at most one client call per request, whatever the number of
 * fields asking for it; a failing key rejects only its own loads. `onStale` hears of answers
 * served from an expired cache entry.
 *
 * It does not batch calls: the keys DataLoader gathers in one tick go out as one client call
 * each, in parallel, for no route read through it answers several keys in one call. What it
 * saves is the repeats within a request (the client's cache saves those across requests). A
 * loader that does join keys into one call says so (Melodi's communes, one call per department).
 */
export function resourceLoader<K, V>(fetch: (key: K) => Promise<Fetched<V>>, options: LoaderOptions): DataLoader<K, V, string> {
  return derivedLoader(async (key: K) => {
    const fetched = await fetch(key);
    if (fetched.stale) options.onStale();
    options.onAnswer?.(fetched.storedAt, fetched.stale);
    return fetched.value;
  }, options);
}

/**
 * A loader over a value computed from other loaders (no upstream call of its own): computed once
 * per distinct key (objects compared by value) per request; a failing key rejects only its own
 * loads.
 */
export function derivedLoader<K, V>(compute: (key: K) => Promise<V>, options: LoaderOptions): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) =>
      Promise.all(keys.map((key) => compute(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))),
    {
      cacheKeyFn: (key) => (typeof key === 'string' ? key : JSON.stringify(key)),
      batch: !options.naive,
      cache: !options.naive,
    },
  );
}

/**
 * Lists joined from cached pages (or from several cached lists), by their first page: the same
 * pages give the same list object, so that what is computed once per list (services grouped by
 * structure, mapped records) holds across requests for as long as the pages stay cached. The
 * list is shared by those requests, hence read-only.
 */
const joined = new WeakMap<readonly unknown[], { pages: readonly (readonly unknown[])[]; items: readonly unknown[] }>();

export function joinPages<T>(pages: readonly (readonly T[])[]): readonly T[] {
  if (pages.length <= 1) return pages[0] ?? [];
  const known = joined.get(pages[0]!);
  if (known && known.pages.length === pages.length && known.pages.every((page, i) => page === pages[i])) return known.items as readonly T[];
  const items = pages.flat();
  joined.set(pages[0]!, { pages, items });
  return items;
}

/**
 * A list read page after page, as one answer: its items joined (`joinPages`), stale if any page
 * was, and as old as its oldest page (a page read fresh does not make older cached ones younger).
 */
export function joinFetchedPages<T>(pages: readonly Fetched<readonly T[]>[]): Fetched<readonly T[]> {
  return {
    value: joinPages(pages.map((page) => page.value)),
    stale: pages.some((page) => page.stale),
    storedAt: pages.reduce((oldest, page) => Math.min(oldest, page.storedAt), Date.now()),
  };
}
