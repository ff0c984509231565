import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import type { Environment } from '../../config.js';
import { EXAMPLES_DIR } from '../examples.js';
import type { HttpServer } from '../http.js';
import { loadNamedOperations } from '../rest/operations.js';
import { namedOperationTool } from './named-tools.js';
import { originPolicy } from './origin.js';
import { runQueryTool } from './run-query.js';
import { searchSchemaTool } from './search-schema.js';
import type { McpDeps, McpTool } from './tool.js';

export type McpConfig = Pick<
  Environment,
  'MCP_ENABLED' | 'MCP_ADHOC' | 'INTROSPECTION' | 'CORS_ORIGINS' | 'MAX_TOKENS' | 'PERSISTED_QUERIES_DIR'
>;

/** The package's own version (package.json is as far above src/ as above dist/). */
const SERVER_INFO = {
  name: 'inclusion-graph',
  version: (createRequire(import.meta.url)('../../../package.json') as { version: string }).version,
};
const INSTRUCTIONS =
  'French public data on social and professional inclusion: communes and other zones with their Insee statistics, inclusion structures and services (data·inclusion, the Marché de l’inclusion), training outcomes (InserJeunes) and data.gouv.fr datasets. Each named tool runs one documented query; codes are Insee codes (commune "44109", department "44").';

/** The tools, by name: one per named query, then the exploration tools the configuration allows. */
function toolsOf(deps: McpDeps, config: McpConfig): Map<string, McpTool> {
  const { operations } = loadNamedOperations([EXAMPLES_DIR, config.PERSISTED_QUERIES_DIR]);
  const tools = [...operations.values()].map((operation) => namedOperationTool(deps, operation));
  if (config.MCP_ADHOC) {
    if (config.INTROSPECTION) tools.push(searchSchemaTool(deps.schema));
    tools.push(runQueryTool(deps, config.MAX_TOKENS));
  }
  // The exploration tools come last and win: a persisted query named `run_query` cannot shadow one.
  return new Map(tools.map((tool) => [tool.definition.name, tool]));
}

/**
 * An MCP server for one HTTP request: the protocol is stateless here (no session), so each POST
 * gets its own, whose tool calls run as that request's caller (rate limit, quota share, budget).
 */
function serverFor(tools: Map<string, McpTool>, definitions: McpTool['definition'][], request: FastifyRequest): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
  server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
    const tool = tools.get(params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `No tool named ${params.name}: tools/list lists them`);
    return tool.call(params.arguments ?? {}, request);
  });
  return server;
}

/** The request as the SDK's web-standard transport reads it: its method and the headers of the protocol; the body is already parsed. */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const name of ['accept', 'content-type', 'mcp-protocol-version']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request('http://localhost/mcp', { method: request.method, headers });
}

const jsonRpcError = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

/**
 * `POST /mcp`: the Model Context Protocol over Streamable HTTP, stateless, answering JSON (no
 * event stream: every tool answers once). A route of the same Fastify as /graphql, so its hooks
 * apply: request id, load shedding, the per-client rate limit (past it, HTTP 429 as for any
 * route). `GET` (a stream of server messages) and `DELETE` (the end of a session) have no meaning
 * without sessions: 405 with `Allow: POST`, as the specification says.
 */
export function registerMcp(app: HttpServer, deps: McpDeps, config: McpConfig): void {
  if (!config.MCP_ENABLED) return;
  const tools = toolsOf(deps, config);
  const definitions = [...tools.values()].map((tool) => tool.definition);
  const originAllowed = originPolicy(config.CORS_ORIGINS);

  app.post('/mcp', async (request, reply) => {
    if (!originAllowed(request)) return jsonRpcError(reply, 403, 'Origin not allowed');
    const server = serverFor(tools, definitions, request);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
      response.headers.forEach((value, name) => void reply.header(name, value));
      return reply.code(response.status).send(await response.text());
    } finally {
      await server.close();
    }
  });
  const methodNotAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    jsonRpcError(reply.header('allow', 'POST'), 405, 'Method not allowed: this server is stateless, send JSON-RPC messages by POST');
  app.get('/mcp', methodNotAllowed);
  app.delete('/mcp', methodNotAllowed);
}
