import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { sendError } from './errors.js';
import type { ODataModel } from './model.js';
import { operationOf } from './operation.js';
import { skipToken, type Read } from './request.js';
import { entityOf } from './rows.js';

export interface ODataDeps {
  apollo: ApolloServer<GraphQLContext>;
  schema: GraphQLSchema;
  contextFor: (request: FastifyRequest) => Promise<GraphQLContext>;
}

export const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

interface ErrorLike {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A source's failure, as an instance annotation: the rows it did not null are still served. */
const errorAnnotation = (error: ErrorLike) => ({
  message: error.message,
  ...(error.extensions?.code ? { code: error.extensions.code } : {}),
  ...(error.extensions?.source ? { source: error.extensions.source } : {}),
  ...(error.path ? { target: error.path.join('/') } : {}),
});

/** The next page's URL: the same options, `$top` and `$skip` carried by the skip token. */
function nextLink(base: string, path: string, query: string, token: string): string {
  const kept = query.split('&').filter((part) => part !== '' && !/^(%24|\$)?(skiptoken|skip|top)=/i.test(part));
  return `${base}/${path}?${[...kept, `$skiptoken=${token}`].join('&')}`;
}

/**
 * The rows counted: the sum of the lists' totalCounts. A split read's value whose list failed adds
 * nothing (its error is in `@inclusion.errors`): the count of the lists that answered.
 */
function countOf(data: Record<string, any>, counted: readonly string[]): number | undefined {
  const counts = counted.map((field) => data[field]?.totalCount).filter((n): n is number => typeof n === 'number');
  return counts.length > 0 ? counts.reduce((sum, n) => sum + n, 0) : undefined;
}

/** Where the next page starts: further down the walked list, else (a split read) at the start of the next value's. */
function nextToken(read: Read, pageInfo: { hasNextPage: boolean; endCursor: string | null }, left: number | null): string | undefined {
  if (left !== null && left <= 0) return undefined;
  const walked = read.split?.walked;
  if (pageInfo.hasNextPage && pageInfo.endCursor) return skipToken(pageInfo.endCursor, left, walked);
  if (read.split && walked! + 1 < read.split.filter.values.length) return skipToken(null, left, walked! + 1);
  return undefined;
}

/**
 * Runs a read through Apollo as POST /graphql would run it (the request's context: its budget,
 * fair share, quotas; the response cache), and answers the OData JSON of its rows.
 */
export async function answer(
  deps: ODataDeps,
  model: ODataModel,
  request: FastifyRequest,
  reply: FastifyReply,
  read: Read,
  url: { base: string; path: string; query: string },
) {
  const operation = operationOf(deps.schema, model, read);
  const response = await deps.apollo.executeOperation(
    {
      query: operation.query,
      variables: operation.variables,
      http: { method: 'GET', headers: new HeaderMap(), search: '', body: undefined },
    },
    { contextValue: await deps.contextFor(request) },
  );
  for (const [name, value] of response.http.headers) if (name === 'cache-control' || name === 'x-response-cache') reply.header(name, value);
  if (response.body.kind !== 'single') return sendError(reply, 500, 'INTERNAL', 'The read did not answer a single result');
  const {
    data,
    errors = [],
    extensions,
  } = response.body.singleResult as { data?: Record<string, any> | null; errors?: ErrorLike[]; extensions?: Record<string, unknown> };
  const found = data?.[operation.field];
  if (!data || (found === null && errors.length > 0)) {
    const first = errors[0];
    const status =
      response.http.status && response.http.status >= 400 ? response.http.status : first?.extensions?.code === 'BAD_USER_INPUT' ? 400 : 502;
    return sendError(
      reply,
      status,
      String(first?.extensions?.code ?? 'UPSTREAM_FAILED'),
      errors.map((e) => e.message).join('; ') || 'The read failed',
    );
  }
  const count = countOf(data, operation.counted);
  if (read.countOnly) {
    if (count === undefined) return sendError(reply, 501, 'NOT_IMPLEMENTED', `The source of ${read.set.name} does not count them`);
    return reply.code(200).type('text/plain; charset=utf-8').send(String(count));
  }
  const context = `${url.base}/$metadata#${read.set.name}${read.selectText ? `(${read.selectText})` : ''}`;
  const annotations = {
    ...(Array.isArray(extensions?.staleSources) && extensions.staleSources.length > 0
      ? { '@inclusion.staleSources': extensions.staleSources }
      : {}),
    ...(errors.length > 0 ? { '@inclusion.errors': errors.map(errorAnnotation) } : {}),
  };
  reply.code(200).type(JSON_TYPE);
  if (read.key !== undefined) {
    if (found === null) return sendError(reply, 404, 'NOT_FOUND', `No ${read.set.type} with ${read.set.key} '${read.key}'`);
    return reply.send({ '@odata.context': `${context}/$entity`, ...annotations, ...entityOf(read, found) });
  }
  const nodes = read.left === null ? (found.nodes as unknown[]) : (found.nodes as unknown[]).slice(0, read.left);
  const left = read.left === null ? null : read.left - nodes.length;
  const token = nextToken(read, found.pageInfo, left);
  return reply.send({
    '@odata.context': context,
    ...(read.count ? { '@odata.count': count } : {}),
    ...annotations,
    value: nodes.map((row) => entityOf(read, row)),
    ...(token ? { '@odata.nextLink': nextLink(url.base, url.path, url.query, token) } : {}),
  });
}
