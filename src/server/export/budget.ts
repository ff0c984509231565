import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Environment } from '../../config.js';
import { estimateUpstreamCalls } from '../../graphql/upstream-budget.js';
import { SOURCE_NAMES, type SourceName } from '../../sources/names.js';

/**
 * How the per-request upstream budget (graphql/upstream-budget.ts) applies to an export.
 *
 * Each page is a request of its own: it is estimated before it runs, refused over budget, and its
 * calls are counted one by one, like any query. A request's budget is the share of a source's
 * quota that one burst may take; the pages of an export run one after another, so the export
 * never holds more than one request's share at a time, and the rolling quota and the client's fair
 * share pace it like any series of requests (a data·inclusion list of 100 000 rows is 1 000 page
 * reads, spread over time, where one budget for the whole would cap every export at ~100 pages).
 *
 * Except for a source whose quota is counted over a window longer than a call may wait (Insee:
 * 30 calls a minute, for every client together): there the pages fall in the same window and
 * would spend it for everyone, and the calls past the quota would fail, leaving a column
 * half-filled. For such a source the whole export (its calls per page times its pages) is held
 * to one request's budget, checked before anything runs: Insee-backed columns over a few rows
 * are fine, over hundreds or thousands of rows the export is refused, saying why.
 */
export type BudgetConfig = Pick<Environment, 'sources' | 'QUOTA_MAX_WAIT_MS'>;

/** Sources whose quota window outlasts a call's longest wait: an export's pages share one window. */
export function windowedSources(config: BudgetConfig): SourceName[] {
  return SOURCE_NAMES.filter((name) => config.sources[name].quota.windowMs > config.QUOTA_MAX_WAIT_MS);
}

export interface PageEstimate {
  /** Calls one page may make to each windowed source (those with none left out). */
  windowed: Partial<Record<SourceName, number>>;
}

export function estimatePage(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  config: BudgetConfig,
): PageEstimate {
  const estimate = estimateUpstreamCalls(schema, document, variables, operationName);
  const windowed: PageEstimate['windowed'] = {};
  for (const name of windowedSources(config)) if (estimate && estimate[name] > 0) windowed[name] = estimate[name];
  return { windowed };
}

/** Why the whole export would overspend a windowed source's budget, or undefined when it fits. */
export function overspend(
  estimate: PageEstimate,
  rows: number,
  pageSize: number,
  budgets: Record<SourceName, number>,
  config: BudgetConfig,
): { message: string; source: SourceName; upstreamCalls: number; requestBudget: number } | undefined {
  const pages = Math.max(1, Math.ceil(rows / pageSize));
  for (const [source, perPage] of Object.entries(estimate.windowed) as [SourceName, number][]) {
    const calls = perPage * pages;
    if (calls <= budgets[source]) continue;
    const { limit, windowMs } = config.sources[source].quota;
    return {
      source,
      upstreamCalls: calls,
      requestBudget: budgets[source],
      message:
        `This export of ${rows} rows would make up to ${calls} calls to ${source} (${perPage} per page of ${pageSize}), ` +
        `at most ${budgets[source]} per export: ${source}'s quota is ${limit} calls per ${windowMs / 1000} s for every client together, ` +
        `so its columns cannot be filled for that many rows. Leave out the fields that ask ${source} ` +
        `(statistics such as \`stats { … }\`), or narrow the list with a filter.`,
    };
  }
  return undefined;
}
