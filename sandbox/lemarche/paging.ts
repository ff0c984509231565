import type { FastifyRequest } from 'fastify';
import { encodeQuery, lastValue, type Query } from '../http/query.js';
import type { Siae } from './world.js';

/*
 * DRF's limit/offset pages, and the order PostgreSQL gives namesakes in them.
 */

const DEFAULT_LIMIT = 100;

/** `limit`/`offset` as DRF reads them: bad values silently fall back to the defaults. */
export function pageParams(query: Query): { limit: number; offset: number } {
  const limit = Number(lastValue(query, 'limit'));
  const offset = Number(lastValue(query, 'offset'));
  return {
    limit: Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_LIMIT,
    offset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
  };
}

/** DRF's page: `count`, absolute `next` and `previous` links, `results`. */
export function page<T>(request: FastifyRequest, items: T[]) {
  const query = request.query as Query;
  const { limit, offset } = pageParams(query);
  const base = `${request.protocol}://${request.host}${request.url.split('?', 1)[0]}`;
  const link = (o: number) => `${base}?${encodeQuery({ ...query, limit, offset: o > 0 ? o : undefined })}`;
  return {
    count: items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  };
}

/** A 32-bit FNV-1a hash, to order ties reproducibly. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The list as PostgreSQL returns it for `ORDER BY name LIMIT l OFFSET o`: names in order, but
 * SIAE of the same name in an order that depends on how many rows the query sorts (its top-N
 * sort), so that two pages may disagree about them: one SIAE on both, another on neither.
 */
export function orderedForWindow(items: Siae[], window: { limit: number; offset: number }): Siae[] {
  const rows = window.limit + window.offset;
  const out = [...items];
  for (let start = 0; start < out.length;) {
    let end = start + 1;
    while (end < out.length && out[end]!.name === out[start]!.name) end++;
    if (end - start > 1) {
      const ties = out.slice(start, end).sort((a, b) => hash(`${a.id}:${rows}`) - hash(`${b.id}:${rows}`));
      out.splice(start, ties.length, ...ties);
    }
    start = end;
  }
  return out;
}
