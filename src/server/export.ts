import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLContext } from '../graphql/context.js';
import type { HttpServer } from './http.js';

/**
 * Exports for tools that cannot speak GraphQL (spreadsheets, Power BI, Metabase, Grafana): any
 * query run by GET, answered as CSV or NDJSON. The rows are the nodes of the first connection
 * in the answer, nested fields flattened into dotted columns (`commune.department.name`).
 */
type Format = 'csv' | 'ndjson';

function formatOf(request: FastifyRequest): Format | undefined {
  const asked = (request.query as Record<string, unknown>).format;
  if (asked === 'csv' || asked === 'ndjson') return asked;
  const accept = request.headers.accept ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('application/x-ndjson')) return 'ndjson';
  return undefined;
}

/** The `nodes` of the first connection found, depth first, in field order. */
export function firstConnectionNodes(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.nodes)) return record.nodes;
  for (const child of Object.values(record)) {
    const found = firstConnectionNodes(child);
    if (found) return found;
  }
  return undefined;
}

/** Nested objects become dotted columns; lists of scalars are joined with `|`; other lists stay JSON. */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value)) {
    out[prefix] = value.every((v) => v === null || typeof v !== 'object') ? value.join('|') : JSON.stringify(value);
  } else {
    out[prefix] = value;
  }
  return out;
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or CR first: OWASP's CSV
 * injection), from an upstream's text such as a dataset title, is written with a leading `'`.
 * Plain numbers (`-3.5`) stay numbers.
 */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? `'${text}` : text;
}

function csvCell(value: unknown, separator: string): string {
  if (value === null || value === undefined) return '';
  const text = neutralised(String(value));
  return text.includes('"') || text.includes(separator) || /[\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Record<string, unknown>[], separator = ','): string {
  const seen: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.includes(key)) seen.push(key);
  // A null object in one row (`siae`) and its fields in others (`siae.kind`): the fields win.
  const columns = seen.filter((column) => !seen.some((other) => other.startsWith(`${column}.`)));
  return (
    [
      columns.map((c) => csvCell(c, separator)).join(separator),
      ...rows.map((row) => columns.map((c) => csvCell(row[c], separator)).join(separator)),
    ].join('\r\n') + '\r\n'
  );
}

function parseJsonParam(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed: unknown = JSON.parse(String(value));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

export function registerExports(
  app: HttpServer,
  apollo: ApolloServer<GraphQLContext>,
  contextFor: (request: FastifyRequest) => Promise<GraphQLContext>,
): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || request.routeOptions.url !== '/graphql') return;
    const format = formatOf(request);
    if (!format) return;
    const params = request.query as Record<string, unknown>;
    let variables: Record<string, unknown> | undefined;
    let extensions: Record<string, unknown> | undefined;
    try {
      variables = parseJsonParam(params.variables, 'variables');
      extensions = parseJsonParam(params.extensions, 'extensions');
    } catch (error) {
      return reply.code(400).send({ errors: [{ message: (error as Error).message, extensions: { code: 'BAD_REQUEST' } }] });
    }
    // Marked as a GET so that Apollo refuses mutations before running anything: a BI tool's
    // refresh must never write.
    const http = { method: 'GET', headers: new HeaderMap(), search: '', body: undefined };
    const response = await apollo.executeOperation(
      {
        query: typeof params.query === 'string' ? params.query : undefined,
        variables,
        operationName: typeof params.operationName === 'string' ? params.operationName : undefined,
        extensions,
        http,
      },
      { contextValue: await contextFor(request) },
    );
    if (response.body.kind !== 'single') return reply.code(400).send({ errors: [{ message: 'Exports answer single results only' }] });
    const { data, errors } = response.body.singleResult;
    if (!data) return reply.code(response.http.status ?? 400).send({ errors });
    const nodes = firstConnectionNodes(data);
    if (!nodes)
      return reply.code(400).send({
        errors: [{ message: 'Nothing to export: the query has no list (a field with `nodes`)', extensions: { code: 'BAD_REQUEST' } }],
      });
    const rows = nodes.map((node) => flatten(node));
    if (errors?.length) reply.header('x-graphql-errors', String(errors.length));
    if (format === 'ndjson')
      return reply.type('application/x-ndjson; charset=utf-8').send(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const separator = params.separator === ';' ? ';' : ',';
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="inclusion-graph.csv"')
      .send(toCsv(rows, separator));
  });
}
