import { describe, expect, it } from 'vitest';
import { derivedLoader, joinFetchedPages, joinPages, resourceLoader } from './loader.js';

const fresh = <V>(value: V) => ({ value, stale: false, storedAt: 1000 });

describe('resourceLoader', () => {
  it('one client call per distinct key in a request, object keys compared by value', async () => {
    const calls: unknown[] = [];
    const loader = resourceLoader(
      async (key: { code: string }) => {
        calls.push(key);
        return fresh(key.code.toUpperCase());
      },
      { onStale: () => {} },
    );
    const values = await Promise.all([loader.load({ code: 'a' }), loader.load({ code: 'a' }), loader.load({ code: 'b' })]);
    expect(values).toEqual(['A', 'A', 'B']);
    expect(calls).toEqual([{ code: 'a' }, { code: 'b' }]);
  });

  it('a failing key rejects only its own loads; stale answers and storage times are told', async () => {
    const told: string[] = [];
    const loader = resourceLoader(
      async (key: string) => {
        if (key === 'bad') throw new Error('upstream failed');
        return { value: key, stale: key === 'old', storedAt: 42 };
      },
      { onStale: () => told.push('stale'), onAnswer: (storedAt, stale) => told.push(`answer ${storedAt} ${stale}`) },
    );
    const [good, bad, old] = await Promise.allSettled([loader.load('good'), loader.load('bad'), loader.load('old')]);
    expect(good).toEqual({ status: 'fulfilled', value: 'good' });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'upstream failed' } });
    expect(old).toEqual({ status: 'fulfilled', value: 'old' });
    expect(told).toEqual(['answer 42 false', 'stale', 'answer 42 true']);
  });

  it('the naive baseline neither batches nor memoises', async () => {
    let calls = 0;
    const loader = resourceLoader(
      async (key: string) => {
        calls += 1;
        return fresh(key);
      },
      { onStale: () => {}, naive: true },
    );
    await Promise.all([loader.load('a'), loader.load('a')]);
    expect(calls).toBe(2);
  });
});

describe('derivedLoader', () => {
  it('computes once per key in a request', async () => {
    let computed = 0;
    const loader = derivedLoader(
      async (n: number) => {
        computed += 1;
        return n * 2;
      },
      { onStale: () => {} },
    );
    expect(await Promise.all([loader.load(2), loader.load(2), loader.load(3)])).toEqual([4, 4, 6]);
    expect(computed).toBe(2);
  });
});

describe('joinPages', () => {
  it('gives the same list object for the same pages, and a new one when a page changes', () => {
    const one = ['a'];
    const two = ['b'];
    const joined = joinPages([one, two]);
    expect(joined).toEqual(['a', 'b']);
    expect(joinPages([one, two])).toBe(joined);
    expect(joinPages([one, ['b']])).not.toBe(joined);
    expect(joinPages([one])).toBe(one);
  });
});

describe('joinFetchedPages', () => {
  it('joins the pages, stale if any page was, and as old as the oldest page', () => {
    const first = ['a'];
    const second = ['b'];
    const joined = joinFetchedPages([
      { value: first, stale: false, storedAt: 2000 },
      { value: second, stale: true, storedAt: 1000 },
    ]);
    expect(joined).toEqual({ value: ['a', 'b'], stale: true, storedAt: 1000 });
    expect(joinFetchedPages([{ value: first, stale: false, storedAt: 2000 }])).toEqual({ value: first, stale: false, storedAt: 2000 });
  });

  it('gives the same list object for the same cached pages', () => {
    const pages = [
      { value: ['a'], stale: false, storedAt: 1 },
      { value: ['b'], stale: false, storedAt: 2 },
    ];
    expect(joinFetchedPages(pages).value).toBe(joinFetchedPages(pages).value);
  });
});
