import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyRequest } from 'fastify';
import type { GraphQLSchema, VariableDefinitionNode } from 'graphql';
import type { ExportDeps } from '../export/index.js';
import { executeAsGet } from '../rest/index.js';
import { checkVariables } from '../rest/variables.js';
import { graphqlResult, toolError } from './results.js';

/** What the tools run on: Apollo, the schema, and a request's GraphQL context (its identity, budget). */
export type McpDeps = Pick<ExportDeps, 'apollo' | 'schema' | 'contextFor'>;

/** A tool: what `tools/list` shows of it, and its call on behalf of the HTTP request that carries it. */
export interface McpTool {
  definition: Tool;
  call(args: Record<string, unknown>, request: FastifyRequest): Promise<CallToolResult>;
}

/** Every tool only reads, from sources outside this server (open world). */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, openWorldHint: true } as const;

/**
 * A tool's arguments as the variables of its operation, checked as graphql-js checks a request's
 * (the message names the variable); an argument the operation does not declare is refused rather
 * than dropped, so that a misspelt one is not silently ignored.
 */
export function variablesOf(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  args: Record<string, unknown>,
): { ok: true; variables: Record<string, unknown> } | { ok: false; error: CallToolResult } {
  const declared = new Set(definitions.map((definition) => definition.variable.name.value));
  const unknown = Object.keys(args).filter((name) => !declared.has(name));
  if (unknown.length > 0)
    return {
      ok: false,
      error: toolError('BAD_USER_INPUT', `Unknown argument(s) ${unknown.join(', ')}; expected: ${[...declared].join(', ')}`),
    };
  const checked = checkVariables(schema, definitions, args);
  return checked.ok ? checked : { ok: false, error: toolError('BAD_USER_INPUT', checked.message) };
}

/** Runs a query as the request's caller and makes its answer a tool result. */
export async function runAsTool(
  deps: McpDeps,
  request: FastifyRequest,
  query: string,
  variables: Record<string, unknown>,
): Promise<CallToolResult> {
  const response = await executeAsGet(deps, request, query, variables);
  if (response.body.kind !== 'single') return toolError('BAD_REQUEST', 'Tools answer single results only (no @defer or @stream)');
  return graphqlResult(response.body.singleResult);
}
