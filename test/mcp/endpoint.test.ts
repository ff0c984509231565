import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpClient } from '../helpers/mcp.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();

/*
 * The HTTP side of /mcp: methods a stateless server does not serve, the Origin check the MCP
 * specification asks for (DNS rebinding), the switches, and the per-client rate limit it shares
 * with /graphql.
 */
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};

/** A raw POST /mcp, with the headers given (Host included: fetch would not let it be chosen). */
function post(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(INITIALIZE);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/mcp`,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('MCP endpoint over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(sandbox(), {
      CORS_ORIGINS: 'https://assistant.example',
      RATE_LIMIT_PER_MINUTE: '12',
      API_KEYS: 'assistant-key',
    });
  });
  afterAll(async () => server?.close());

  it('answers GET and DELETE with 405 and Allow: POST (stateless: no stream, no session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${server.url}/mcp`, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('refuses a page of another origin with 403, serves its own and the listed ones', async () => {
    const host = new URL(server.url).host;
    expect((await post(server.url, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(server.url, { origin: 'null' })).status).toBe(403);
    const own = await post(server.url, { origin: `http://${host}` });
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body).result.serverInfo.name).toBe('inclusion-graph');
    expect((await post(server.url, { origin: 'https://assistant.example' })).status).toBe(200);
    expect((await post(server.url, {})).status).toBe(200);
  });

  it('refuses DNS rebinding: a page naming the loopback server by its own host name gets 403', async () => {
    const port = new URL(server.url).port;
    const rebound = await post(server.url, { host: `rebound.example:${port}`, origin: `http://rebound.example:${port}` });
    expect(rebound.status).toBe(403);
    expect((await post(server.url, { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('shares the per-client rate limit with /graphql: past it, HTTP 429 that the SDK client reports', async () => {
    // A client of its own (its API key): the other tests' requests count in their address's bucket.
    const key = { 'x-api-key': 'assistant-key' };
    const client = await mcpClient(server.url, key);
    let refusal: unknown;
    for (let i = 0; i < 20 && !refusal; i++) await client.listTools().catch((error: unknown) => (refusal = error));
    expect(refusal).toBeInstanceOf(StreamableHTTPError);
    expect((refusal as StreamableHTTPError).code).toBe(429);
    expect((await server.graphql('{ __typename }', {}, key)).status).toBe(429);
    await client.close();
  });
});

/** The tools a server started with these variables lists. */
async function toolNames(env: Record<string, string>): Promise<string[]> {
  const server = await startServer(sandbox(), env);
  try {
    const client = await mcpClient(server.url);
    const names = (await client.listTools()).tools.map((t) => t.name);
    await client.close();
    return names;
  } finally {
    await server.close();
  }
}

describe('MCP switches', () => {
  it('MCP_ADHOC=false leaves the named operations only', async () => {
    const names = await toolNames({ MCP_ADHOC: 'false' });
    expect(names).toContain('commune-dashboard');
    expect(names).not.toContain('run_query');
    expect(names).not.toContain('search_schema');
  });

  it('INTROSPECTION=false leaves search_schema out (it tells what introspection would), run_query in', async () => {
    const names = await toolNames({ INTROSPECTION: 'false' });
    expect(names).toContain('run_query');
    expect(names).not.toContain('search_schema');
  });

  it('MCP_ENABLED=false: /mcp is not there (404)', async () => {
    const server = await startServer(sandbox(), { MCP_ENABLED: 'false' });
    try {
      expect((await post(server.url, {})).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
