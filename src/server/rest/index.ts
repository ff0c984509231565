import { HeaderMap } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { namedEndpointFormatOf } from '../../caching/answer-format.js';
import { addVary } from '../../caching/vary.js';
import { planExport, runExport, type ExportDeps, type Format } from '../export/index.js';
import type { HttpServer } from '../http.js';
import { EXAMPLES_DIR } from '../examples.js';
import { describe, loadNamedOperations, type NamedOperation } from './operations.js';
import { variablesFromQueryString } from './variables.js';

/**
 * Named endpoints for the queries people reuse: `GET /rest/<name>[.json|.csv|.ndjson|.xlsx]?<variable>=…`
 * runs the operation of schema/examples/<name>.graphql (or of PERSISTED_QUERIES_DIR), through
 * Apollo like any query (same limits, response cache and rate limit); `GET /rest` lists them.
 * CSV, NDJSON and xlsx are whole-list exports (export/). Without an extension, `Accept` decides, and the
 * answer says so to caches (`Vary: Accept`).
 */
const EXTENSION = /\.(json|csv|ndjson|xlsx)$/;

/**
 * The operation a path segment names, and the format its extension asks for: the whole segment
 * when an operation has that name (names may hold dots: `communes.v2`), else the segment without
 * its extension (`communes.v2.csv`).
 */
function lookUp(segment: string, names: { has(name: string): boolean }): { name: string; extension?: string } | undefined {
  if (names.has(segment)) return { name: segment };
  const extension = EXTENSION.exec(segment)?.[1];
  const stem = extension && segment.slice(0, -extension.length - 1);
  return stem && names.has(stem) ? { name: stem, extension } : undefined;
}

const problem = (reply: FastifyReply, status: number, message: string, extensions: Record<string, unknown> = {}) =>
  reply.code(status).send({ errors: [{ message, extensions: { code: 'BAD_REQUEST', ...extensions } }] });

function formatOf(extension: string | undefined, accept: string | undefined): Format | 'json' {
  return extension ? (extension as Format | 'json') : namedEndpointFormatOf(accept);
}

/**
 * Runs a query through Apollo on behalf of an HTTP request (its identity, budget, response cache),
 * as a GET: Apollo itself then refuses a mutation.
 */
export async function executeAsGet(
  deps: Pick<ExportDeps, 'apollo' | 'contextFor'>,
  request: FastifyRequest,
  query: string,
  variables: Record<string, unknown>,
) {
  return deps.apollo.executeOperation(
    { query, variables, http: { method: 'GET', headers: new HeaderMap(), search: '', body: undefined } },
    { contextValue: await deps.contextFor(request) },
  );
}

/** The JSON answer, with the cache headers Apollo's plugins set, as POST /graphql would give it. */
async function sendJson(
  deps: ExportDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: NamedOperation,
  variables: Record<string, unknown>,
) {
  const response = await executeAsGet(deps, request, operation.query, variables);
  for (const [name, value] of response.http.headers) if (name === 'cache-control' || name === 'x-response-cache') reply.header(name, value);
  if (response.body.kind !== 'single') return problem(reply, 400, 'Named endpoints answer single results only');
  return reply
    .code(response.http.status ?? 200)
    .type('application/json; charset=utf-8')
    .send(response.body.singleResult);
}

export function registerNamedEndpoints(app: HttpServer, deps: ExportDeps, persistedQueriesDir: string | undefined): void {
  const { operations, mutations } = loadNamedOperations([EXAMPLES_DIR, persistedQueriesDir]);

  // Relative URLs: the request's `Host` is the caller's to choose, and a listing built from it
  // (cached by a proxy, say) would send the next readers wherever that caller said.
  const endpoints = [...operations.values()].map((operation) =>
    describe(operation, planExport(deps.schema, operation.query, operation.operation.name?.value, operation.example) !== undefined),
  );
  app.get('/rest', async (_request, reply) => reply.send({ endpoints }));

  app.get('/rest/:name', async (request, reply) => {
    const segment = (request.params as { name: string }).name;
    if (lookUp(segment, mutations))
      return problem(reply, 405, 'A mutation is not served by GET: send it by POST /graphql (JSON)', { code: 'METHOD_NOT_ALLOWED' });
    const found = lookUp(segment, operations);
    const operation = found && operations.get(found.name);
    if (!found || !operation) return problem(reply, 404, 'No such named endpoint: GET /rest lists them', { code: 'NOT_FOUND' });
    if (!found.extension) addVary(reply, ['Accept']);
    const params = request.query as Record<string, unknown>;
    const coerced = variablesFromQueryString(deps.schema, operation.operation.variableDefinitions ?? [], params);
    if (!coerced.ok) return problem(reply, 400, coerced.message, { code: 'BAD_USER_INPUT', variable: coerced.variable });
    const format = formatOf(found.extension, request.headers.accept);
    if (format === 'json') return sendJson(deps, request, reply, operation, coerced.variables);
    return runExport(deps, request, reply, {
      query: operation.query,
      variables: coerced.variables,
      operationName: operation.operation.name?.value,
      format,
      params,
      filename: operation.name,
    });
  });
}
