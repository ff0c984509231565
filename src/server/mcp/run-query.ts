import { getOperationAST, GraphQLError, parse, type DocumentNode } from 'graphql';
import { toolError } from './results.js';
import { READ_ONLY, runAsTool, type McpDeps, type McpTool } from './tool.js';

/**
 * `run_query`: ad-hoc GraphQL for what no named operation answers, under the limits of /graphql
 * (tokens, depth, aliases, cost, upstream budgets, rate limit: it runs through the same Apollo as
 * the caller). It reads only: a mutation is refused here before anything runs, and again by
 * Apollo, which runs it as a GET.
 */
export function runQueryTool(deps: McpDeps, maxTokens: number): McpTool {
  return {
    definition: {
      name: 'run_query',
      title: 'Run a GraphQL query',
      description:
        'Runs one read-only GraphQL query against the inclusion graph (communes, Insee statistics, inclusion structures and services, training outcomes, open datasets) and returns its `data`. Use search_schema to find types and fields first; prefer a named tool when one fits. Mutations are refused. Requests are limited in depth, aliases and cost as on /graphql.',
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'One GraphQL query operation (`query { … }` or `{ … }`).' },
          variables: { type: 'object', description: "The query's variables, by name.", additionalProperties: true },
        },
        required: ['query'],
        additionalProperties: false,
      },
      annotations: READ_ONLY,
    },
    async call(args, request) {
      const { query, variables = {} } = args;
      if (typeof query !== 'string') return toolError('BAD_USER_INPUT', '`query` must be a string holding a GraphQL query');
      if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
        return toolError('BAD_USER_INPUT', '`variables` must be an object, by variable name');
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens });
      } catch (error) {
        return toolError('GRAPHQL_PARSE_FAILED', error instanceof GraphQLError ? error.message : 'not a GraphQL document');
      }
      const operation = getOperationAST(document);
      if (!operation) return toolError('BAD_USER_INPUT', 'Send exactly one operation (a query)');
      if (operation.operation !== 'query')
        return toolError(
          'OPERATION_NOT_ALLOWED',
          `run_query only reads: a ${operation.operation} is refused (nothing was sent to any source)`,
        );
      return runAsTool(deps, request, query, variables as Record<string, unknown>);
    },
  };
}
