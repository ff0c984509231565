import { GraphQLError } from 'graphql';

export const MAX_FIRST = 100;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** What connection fields resolve to; `totalCount` is null when the source failed. */
export interface Connection<T> {
  totalCount: number | null;
  pageInfo: PageInfo;
  nodes: T[];
}

/** Cursors are opaque to clients; here they carry the offset of the next item. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** The window a connection asks for; arguments were checked before execution. */
export function windowOf(args: { first?: number | null; after?: string | null }): { offset: number; first: number } {
  const first = args.first ?? 20;
  const offset = args.after ? decodeCursor(args.after) : 0;
  if (offset === undefined) throw new GraphQLError('`after` is not a cursor this API issued', { extensions: { code: 'BAD_USER_INPUT' } });
  return { offset, first };
}

/** A connection over a list already in memory. */
export function sliceConnection<T>(items: readonly T[], window: { offset: number; first: number }): Connection<T> {
  const nodes = items.slice(window.offset, window.offset + window.first);
  return connection(nodes, items.length, window);
}

/** A connection from one page of nodes and the total the source reported. */
export function connection<T>(nodes: T[], total: number, window: { offset: number; first: number }): Connection<T> {
  const end = window.offset + nodes.length;
  return { totalCount: total, nodes, pageInfo: { hasNextPage: end < total, endCursor: nodes.length > 0 ? encodeCursor(end) : null } };
}

export function emptyConnection<T>(): Connection<T> {
  return { totalCount: null, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
}

/**
 * How to read `[offset, offset + first)` from an upstream paged by page number and size: one
 * page when the offset falls on a page boundary (the usual case, since our cursors advance by
 * `first`), two otherwise.
 */
export function upstreamPages(window: { offset: number; first: number }): { size: number; pages: number[]; skip: number } {
  const size = window.first;
  const firstPage = Math.floor(window.offset / size) + 1;
  const skip = window.offset % size;
  return { size, pages: skip === 0 ? [firstPage] : [firstPage, firstPage + 1], skip };
}

/** A connection read from an upstream paged by number and size, in one or two page reads. */
export async function pagedConnection<T>(
  window: { offset: number; first: number },
  fetchPage: (page: number, size: number) => Promise<{ items: T[]; total: number }>,
): Promise<Connection<T>> {
  const { size, pages, skip } = upstreamPages(window);
  const results = await Promise.all(pages.map((page) => fetchPage(page, size)));
  const nodes = results.flatMap((r) => r.items).slice(skip, skip + window.first);
  return connection(nodes, results[0]!.total, window);
}
