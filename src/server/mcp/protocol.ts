import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import type { McpTool } from './tool.js';

/** The package's own version (package.json is as far above src/ as above dist/). */
const SERVER_INFO = {
  name: 'inclusion-graph',
  version: (createRequire(import.meta.url)('../../../package.json') as { version: string }).version,
};
/**
 * What the server is about, for the assistant, naming no tool: which tools there are depends on
 * PERSISTED_QUERIES_DIR and the switches, and tools/list (with each tool's description) is their
 * one list; a name here would go stale unseen (test/mcp/tools.test.ts checks that none is).
 */
const INSTRUCTIONS =
  'French public data on social and professional inclusion: communes and other zones with their Insee statistics, inclusion structures and services (data·inclusion, the Marché de l’inclusion), training outcomes (InserJeunes) and data.gouv.fr datasets. Each named tool runs one documented query; when offered, exploration tools search the schema and run read-only queries of your own. Codes are Insee codes (commune "44109", department "44").';

/** The tools, by name, and what tools/list shows of them. */
export interface Toolbox {
  tools: Map<string, McpTool>;
  definitions: McpTool['definition'][];
}

/**
 * An MCP server for one HTTP request: the protocol is stateless here (no session), so each POST
 * gets its own, whose tool calls run as that request's caller (rate limit, quota share, budget).
 */
function serverFor({ tools, definitions }: Toolbox, request: FastifyRequest): Server {
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

/**
 * Answers one POST /mcp with the SDK's Streamable HTTP transport, stateless and in JSON (no
 * event stream: every tool answers once); Fastify sends the answer, so its hooks see it.
 */
export async function answerMcp(toolbox: Toolbox, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const server = serverFor(toolbox, request);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
    response.headers.forEach((value, name) => void reply.header(name, value));
    // A notification or a response alone is acknowledged by 202 with no body at all (no type either).
    if (response.body === null) return reply.code(response.status).send();
    return reply.code(response.status).send(await response.text());
  } finally {
    await server.close();
  }
}
