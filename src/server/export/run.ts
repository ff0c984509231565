import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { print, type GraphQLSchema } from 'graphql';
import { Readable } from 'node:stream';
import type { ExportFormat } from '../../caching/answer-format.js';
import { MEGABYTE } from '../../caching/byte-bound.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { requestBudgetsOf } from '../../graphql/upstream-budget.js';
import { estimatePage, overspend, type BudgetConfig } from './budget.js';
import { csvHeader, csvLine, csvOptionsOf } from './csv.js';
import { AFTER_VARIABLE, planExport, type ExportPlan } from './plan.js';
import { followQuerySource } from './query-source.js';
import { cellOf, ndjsonLine } from './rows.js';
import { EXPORT_RETRY_AFTER_S, type ExportSlots } from './slots.js';
import { incompleteNote, linesWithin, readPage, walk, type RunPage, type WalkEnd } from './walk.js';
import { sendXlsx } from './xlsx.js';

export type Format = ExportFormat;

export interface ExportDeps {
  apollo: ApolloServer<GraphQLContext>;
  schema: GraphQLSchema;
  contextFor: (request: FastifyRequest) => Promise<GraphQLContext>;
  /** Who the request is for (its API key, else its address): its exports share its slots. */
  clientOf: (request: FastifyRequest) => string;
  slots: ExportSlots;
  config: BudgetConfig & { EXPORT_MAX_ROWS: number; EXPORT_MAX_MB: number };
}

export interface ExportQuery {
  query?: string;
  variables: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
  format: Format;
  /** CSV options from the URL (`separator`, `decimal`, `bom`). */
  params: Record<string, unknown>;
  filename: string;
}

type Answer = Awaited<ReturnType<RunPage>> & { status?: number };

/** One execution, marked as a GET so that Apollo refuses mutations before running anything: a BI tool's refresh never writes. */
async function execute(deps: ExportDeps, request: FastifyRequest, query: ExportQuery, text: string | undefined, after?: string | null) {
  const context = await deps.contextFor(request);
  const source = followQuerySource(context);
  const variables = after === undefined ? query.variables : { ...query.variables, [AFTER_VARIABLE]: after };
  const response = await deps.apollo.executeOperation(
    {
      query: text,
      variables,
      operationName: query.operationName,
      extensions: text === undefined ? query.extensions : undefined,
      http: { method: 'GET', headers: new HeaderMap(), search: '', body: undefined },
    },
    { contextValue: context },
  );
  if (response.body.kind !== 'single')
    return { answer: { errors: [{ message: 'Exports answer single results only' }], status: 400 } as Answer, source };
  const { data, errors } = response.body.singleResult;
  return { answer: { data, errors, status: response.http.status } as Answer, source };
}

/** An answer with errors only, for a client that asked for a file: never a 200. */
const failed = (reply: FastifyReply, answer: Answer) =>
  reply.code(answer.status !== undefined && answer.status >= 400 ? answer.status : 400).send({ errors: answer.errors });

const problem = (reply: FastifyReply, status: number, message: string, extensions: Record<string, unknown> = {}) =>
  reply.code(status).send({ errors: [{ message, extensions: { code: 'BAD_REQUEST', ...extensions } }] });

/** What the export will hold, asked up front when a windowed source's budget depends on it. */
async function rowsToCome(deps: ExportDeps, request: FastifyRequest, query: ExportQuery, plan: ExportPlan): Promise<number> {
  const { answer } = await execute(deps, request, query, print(plan.countDocument), plan.startAfter);
  const total = (answer.data && (plan.path.reduce<any>((v, k) => v?.[k], answer.data)?.totalCount as unknown)) ?? null;
  return typeof total === 'number' ? Math.min(total, deps.config.EXPORT_MAX_ROWS) : deps.config.EXPORT_MAX_ROWS;
}

/** Refuses, before any call, an export whose whole run would overspend a windowed source (budget.ts). */
async function refusedUpFront(deps: ExportDeps, request: FastifyRequest, reply: FastifyReply, query: ExportQuery, plan: ExportPlan) {
  const variables = { ...query.variables, [AFTER_VARIABLE]: plan.startAfter };
  const estimate = estimatePage(deps.schema, plan.document, variables, query.operationName, deps.config);
  if (Object.keys(estimate.windowed).length === 0) return false;
  const { connections } = await deps.contextFor(request);
  const over = overspend(estimate, await rowsToCome(deps, request, query, plan), plan.pageSize, requestBudgetsOf(connections), deps.config);
  if (!over) return false;
  const { message, ...details } = over;
  await problem(reply, 400, message, { code: 'EXPORT_TOO_COSTLY', ...details });
  return true;
}

/**
 * The plan of a query given by its text, or by a persisted query's hash (its text learnt from a
 * first run); undefined once the reply says why there is none.
 */
async function planOf(deps: ExportDeps, request: FastifyRequest, reply: FastifyReply, query: ExportQuery) {
  let text = query.query;
  if (text === undefined) {
    const { answer, source } = await execute(deps, request, query, undefined);
    text = source.text;
    if (!text) return void (await failed(reply, answer));
  }
  const plan = planExport(deps.schema, text, query.operationName, query.variables);
  if (plan) return plan;
  // No plan: Apollo says what is wrong (a mutation, an invalid query), or there is no list.
  const { answer } = await execute(deps, request, query, text);
  if (answer.errors?.length && !answer.data) return void (await failed(reply, answer));
  return void (await problem(reply, 400, 'Nothing to export: the query has no list (a field with `nodes`, not inside another list)'));
}

/**
 * Runs an export: the query's first connection walked from page to page, its rows streamed as
 * CSV or NDJSON as they come. The first page is read before anything is sent, so that a query
 * that fails outright gets an error status; a later failure, EXPORT_MAX_ROWS or EXPORT_MAX_MB ends
 * the file with a trailer row saying so (and the `X-Export-Truncated` trailer counts the missing
 * rows). It runs only with one of the client's and the process's export slots (slots.ts).
 */
export async function runExport(deps: ExportDeps, request: FastifyRequest, reply: FastifyReply, query: ExportQuery) {
  const refused = deps.slots.take(deps.clientOf(request), reply);
  if (refused)
    return reply
      .code(refused.status)
      .header('retry-after', String(EXPORT_RETRY_AFTER_S))
      .send({ errors: [{ message: refused.message, extensions: { code: refused.code } }] });
  const plan = await planOf(deps, request, reply, query);
  if (!plan) return reply;
  if (await refusedUpFront(deps, request, reply, query, plan)) return reply;
  const text = print(plan.document);
  const run: RunPage = async (after) => (await execute(deps, request, query, text, after)).answer;
  const first = (await execute(deps, request, query, text, plan.startAfter)).answer;
  if (!first.data) return failed(reply, first);
  const outcome = readPage(first, plan.path);
  if (!outcome.ok) return problem(reply, 502, `The list could not be read: ${outcome.reason}`, { code: 'EXPORT_FAILED' });
  const end: WalkEnd = { rows: 0, cellErrors: outcome.cellErrors };
  const total = outcome.page.totalCount;
  if (total !== null) reply.header('x-export-total', String(total));
  if (total !== null && total > deps.config.EXPORT_MAX_ROWS)
    reply.header('x-export-truncated', String(total - deps.config.EXPORT_MAX_ROWS));
  if (outcome.cellErrors > 0) reply.header('x-graphql-errors', String(outcome.cellErrors));
  // Known once the last row is written: rows missing (0 when whole), and cells left null by a failed source.
  reply.trailer('x-export-truncated', async () => (end.incomplete ? String(end.incomplete.missing || 1) : '0'));
  reply.trailer('x-graphql-errors', async () => String(end.cellErrors));
  const pages = walk(outcome.page, run, plan.path, deps.config.EXPORT_MAX_ROWS, end, deps.slots.stop);
  const bounds = { maxBytes: deps.config.EXPORT_MAX_MB * MEGABYTE, total, setting: `EXPORT_MAX_MB (${deps.config.EXPORT_MAX_MB} MB)` };
  if (query.format === 'xlsx') return sendXlsx(reply, query.filename, plan, pages, end, bounds);
  return query.format === 'csv' ? sendCsv(reply, query, plan, pages, end, bounds) : sendNdjson(reply, query, plan, pages, end, bounds);
}

type ByteBounds = Omit<Parameters<typeof linesWithin>[3], 'startBytes'>;

function sendCsv(
  reply: FastifyReply,
  query: ExportQuery,
  plan: ExportPlan,
  pages: AsyncGenerator<unknown[]>,
  end: WalkEnd,
  bounds: ByteBounds,
) {
  const options = csvOptionsOf(query.params);
  const header = csvHeader(
    plan.columns.map((c) => c.join('.')),
    options,
  );
  const line = (node: unknown) =>
    csvLine(
      plan.columns.map((c) => cellOf(node, c)),
      options,
    );
  async function* lines() {
    yield header;
    yield* linesWithin(pages, line, end, { ...bounds, startBytes: Buffer.byteLength(header) });
    // Never a silently short file: the last row says what is missing, in the first column.
    if (end.incomplete) yield csvLine([incompleteNote(end)], options);
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${query.filename}.csv"`)
    .send(Readable.from(lines()));
}

function sendNdjson(
  reply: FastifyReply,
  query: ExportQuery,
  plan: ExportPlan,
  pages: AsyncGenerator<unknown[]>,
  end: WalkEnd,
  bounds: ByteBounds,
) {
  async function* lines() {
    yield* linesWithin(pages, ndjsonLine, end, { ...bounds, startBytes: 0 });
    if (end.incomplete)
      yield (
        JSON.stringify({ _export: { complete: false, rows: end.rows, missing: end.incomplete.missing, reason: end.incomplete.reason } }) +
        '\n'
      );
  }
  return reply
    .type('application/x-ndjson; charset=utf-8')
    .header('content-disposition', `attachment; filename="${query.filename}.ndjson"`)
    .send(Readable.from(lines()));
}
