import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pagedConnection, sliceConnection, upstreamPages, windowOf } from './pagination.js';

describe('cursors', () => {
  it('carry the offset of the next item, and nothing else is accepted', () => {
    expect(decodeCursor(encodeCursor(40))).toBe(40);
    expect(decodeCursor(Buffer.from('offset:-1').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('offset:1234567890').toString('base64url'))).toBeUndefined();
    expect(decodeCursor('not a cursor')).toBeUndefined();
  });

  it('a window starts after the cursor, 20 items by default', () => {
    expect(windowOf({})).toEqual({ offset: 0, first: 20 });
    expect(windowOf({ first: 5, after: encodeCursor(10) })).toEqual({ offset: 10, first: 5 });
    expect(() => windowOf({ after: 'garbage' })).toThrow(/cursor/);
  });
});

describe('sliceConnection', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('pages through a list with each endCursor', () => {
    const first = sliceConnection(items, { offset: 0, first: 2 });
    expect(first).toMatchObject({ totalCount: 5, nodes: ['a', 'b'], pageInfo: { hasNextPage: true } });
    const second = sliceConnection(items, windowOf({ first: 2, after: first.pageInfo.endCursor }));
    expect(second.nodes).toEqual(['c', 'd']);
    const last = sliceConnection(items, windowOf({ first: 2, after: second.pageInfo.endCursor }));
    expect(last).toMatchObject({ nodes: ['e'], pageInfo: { hasNextPage: false } });
  });

  it('past the end: no nodes and no cursor', () => {
    expect(sliceConnection(items, { offset: 9, first: 2 })).toEqual({
      totalCount: 5,
      nodes: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });
});

describe('reading an upstream paged by number and size', () => {
  it('takes one page on a page boundary, two otherwise', () => {
    expect(upstreamPages({ offset: 40, first: 20 })).toEqual({ size: 20, pages: [3], skip: 0 });
    expect(upstreamPages({ offset: 30, first: 20 })).toEqual({ size: 20, pages: [2, 3], skip: 10 });
  });

  it('joins the two pages into the window asked for, with the total of the first', async () => {
    const all = Array.from({ length: 45 }, (_, i) => i);
    const asked: number[] = [];
    const result = await pagedConnection({ offset: 30, first: 20 }, async (page, size) => {
      asked.push(page);
      return { items: all.slice((page - 1) * size, page * size), total: all.length };
    });
    expect(asked).toEqual([2, 3]);
    expect(result.nodes).toEqual(all.slice(30, 45));
    expect(result.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(45) });
  });
});
