import type { FastifyReply, FastifyRequest } from 'fastify';
import { graphqlAnswerOf } from '../../caching/answer-format.js';
import type { HttpServer } from '../http.js';
import { runExport, type ExportDeps, type Format } from './run.js';

/**
 * Exports for tools that cannot speak GraphQL (spreadsheets, Power BI, Metabase, Grafana): any
 * query run by GET, answered as CSV or NDJSON (`format=csv|ndjson`, or by `Accept`). The rows are
 * every node of the query's first connection, page after page (plan.ts, walk.ts); nested fields
 * become dotted columns in the query's order (`commune.department.name`).
 */
export { querySourcePlugin } from './query-source.js';
export { planExport } from './plan.js';
export { runExport, type ExportDeps, type Format } from './run.js';

/** The export a GET /graphql asks for, decided as the hot layer decides it (caching/answer-format.ts). */
export function formatOf(params: Record<string, unknown>, accept: string | undefined): Format | undefined {
  const answer = graphqlAnswerOf('GET', accept, params.format);
  return answer.kind === 'export' ? answer.format : undefined;
}

export function parseJsonParam(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed: unknown = JSON.parse(String(value));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

export function registerExports(app: HttpServer, deps: ExportDeps): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || request.routeOptions.url !== '/graphql') return;
    const params = request.query as Record<string, unknown>;
    const format = formatOf(params, request.headers.accept);
    if (!format) return;
    let variables: Record<string, unknown> | undefined;
    let extensions: Record<string, unknown> | undefined;
    try {
      variables = parseJsonParam(params.variables, 'variables');
      extensions = parseJsonParam(params.extensions, 'extensions');
    } catch (error) {
      return reply.code(400).send({ errors: [{ message: (error as Error).message, extensions: { code: 'BAD_REQUEST' } }] });
    }
    return runExport(deps, request, reply, {
      query: typeof params.query === 'string' && params.query !== '' ? params.query : undefined,
      variables: variables ?? {},
      operationName: typeof params.operationName === 'string' ? params.operationName : undefined,
      extensions,
      format,
      params,
      filename: 'inclusion-graph',
    });
  });
}
