import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeQuery, lastValue, type Query } from '../http/query.js';
import type { DatasetCatalog } from './catalog.js';
import { notFound, PUBLIC_HOST } from './render.js';

/*
 * Answers shared by the data.gouv.fr routes: Flask's 404, udata's pages, former slugs.
 */

/** The request's path, without its query string. */
export function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0]!;
}

/** Werkzeug's 404 for the request's path (see {@link notFound}). */
export function notFoundAnswer(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send(notFound(pathOf(request)));
}

/** A renamed dataset's former slug answers 308 to the current one; undefined when `key` is none. */
export function redirectFormerSlug(
  catalog: DatasetCatalog,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
): FastifyReply | undefined {
  const renamed = catalog.renamedFrom(key);
  return renamed ? reply.code(308).header('location', request.url.replace(key, renamed.slug)).send() : undefined;
}

/** `page`/`page_size` must be positive integers (400 otherwise); a page past the end is a 404. */
export function paginate<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: T[],
  defaultSize: number,
  render: (item: T) => unknown,
  emptyPageIs404 = true,
) {
  const query = request.query as Query;
  const errors: Record<string, string> = {};
  const read = (name: string, fallback: number) => {
    const raw = lastValue(query, name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      errors[name] = `${name === 'page' ? 'The page to fetch' : 'The page size to fetch'} Invalid literal for int() with base 10: '${raw}'`;
      return fallback;
    }
    return Number(raw);
  };
  const page = read('page', 1);
  const pageSize = read('page_size', defaultSize);
  if (Object.keys(errors).length > 0) return reply.code(400).send({ errors, message: 'Input payload validation failed' });
  const slice = items.slice((page - 1) * pageSize, page * pageSize);
  if (emptyPageIs404 && slice.length === 0 && page > 1) return notFoundAnswer(request, reply);
  const base = `${PUBLIC_HOST}${pathOf(request)}`;
  const link = (p: number) => `${base}?${encodeQuery({ ...query, page: p })}`;
  return {
    data: slice.map(render),
    page,
    page_size: pageSize,
    total: items.length,
    next_page: page * pageSize < items.length ? link(page + 1) : null,
    previous_page: page > 1 ? link(page - 1) : null,
  };
}
