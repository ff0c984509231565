import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Environment } from '../../config.js';
import { EXAMPLES_DIR } from '../examples.js';
import type { HttpServer } from '../http.js';
import { loadNamedOperations } from '../rest/operations.js';
import { MCP_ROUTE_OPTIONS, refusedBatch, sendJsonRpcError, TRANSPORT_ERROR } from './http-rules.js';
import { namedOperationTool } from './named-tools.js';
import { originPolicy } from './origin.js';
import type { Toolbox } from './protocol.js';
import { runQueryTool } from './run-query.js';
import { searchSchemaTool } from './search-schema.js';
import type { McpDeps, McpTool } from './tool.js';

export type McpConfig = Pick<
  Environment,
  'MCP_ENABLED' | 'MCP_ADHOC' | 'INTROSPECTION' | 'CORS_ORIGINS' | 'MAX_TOKENS' | 'PERSISTED_QUERIES_DIR'
>;

/** The tools, by name: one per named query, then the exploration tools the configuration allows. */
function toolboxOf(deps: McpDeps, config: McpConfig): Toolbox {
  const { operations } = loadNamedOperations([EXAMPLES_DIR, config.PERSISTED_QUERIES_DIR]);
  const list: McpTool[] = [...operations.values()].map((operation) => namedOperationTool(deps, operation));
  if (config.MCP_ADHOC) {
    if (config.INTROSPECTION) list.push(searchSchemaTool(deps.schema));
    list.push(runQueryTool(deps, config.MAX_TOKENS));
  }
  // The exploration tools come last and win: a persisted query named `run_query` cannot shadow one.
  const tools = new Map(list.map((tool) => [tool.definition.name, tool]));
  return { tools, definitions: [...tools.values()].map((tool) => tool.definition) };
}

/**
 * `POST /mcp`: the Model Context Protocol over Streamable HTTP (protocol.ts). A route of the same
 * Fastify as /graphql, so its hooks apply: request id, load shedding, the per-client rate limit
 * (past it, HTTP 429 as for any route). `GET` (a stream of server messages) and `DELETE` (the end
 * of a session) have no meaning without sessions: 405 with `Allow: POST`, as the specification
 * says. The SDK (with its zod and ajv: a quarter of a second and some 25 MB) is loaded by the
 * first POST, not at start-up.
 */
export function registerMcp(app: HttpServer, deps: McpDeps, config: McpConfig): void {
  if (!config.MCP_ENABLED) return;
  const toolbox = toolboxOf(deps, config);
  const originAllowed = originPolicy(config.CORS_ORIGINS);
  let protocol: Promise<typeof import('./protocol.js')> | undefined;

  app.post('/mcp', MCP_ROUTE_OPTIONS, async (request, reply) => {
    if (!originAllowed(request)) return sendJsonRpcError(reply, 403, TRANSPORT_ERROR, 'Origin not allowed');
    if (refusedBatch(request, reply)) return reply;
    const { answerMcp } = await (protocol ??= import('./protocol.js'));
    return answerMcp(toolbox, request, reply);
  });
  const methodNotAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    sendJsonRpcError(
      reply.header('allow', 'POST'),
      405,
      TRANSPORT_ERROR,
      'Method not allowed: this server is stateless, send JSON-RPC messages by POST',
    );
  app.get('/mcp', MCP_ROUTE_OPTIONS, methodNotAllowed);
  app.delete('/mcp', MCP_ROUTE_OPTIONS, methodNotAllowed);
}
