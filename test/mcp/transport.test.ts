import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etagHash } from '../../src/caching/etag.js';
import { mcpClient, postMcp } from '../helpers/mcp.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();

/*
 * POST /mcp against the Streamable HTTP transport of the MCP specification (the latest revision
 * the SDK speaks, and 2025-03-26 for what a client that sends no version gets), over real HTTP:
 * what a client must send, what the server acknowledges without a body, and every malformed
 * request answered in JSON-RPC with a 4xx, never Fastify's own error shape.
 */
const BODY_LIMIT = 20_000;
const list = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });
const call = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'communes-search', arguments: { search: 'nantes' } },
});

/** A JSON-RPC error answering no message in particular, as the transport gives it. */
function jsonRpcError(text: string): { code: number; message: string } {
  const body = JSON.parse(text);
  expect(body).toMatchObject({ jsonrpc: '2.0', id: null });
  return body.error;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(sandbox(), { BODY_LIMIT_BYTES: String(BODY_LIMIT), CORS_ORIGINS: 'https://assistant.example' });
});
afterAll(async () => server?.close());

describe('MCP transport: what a POST must carry', () => {
  it('refuses a POST that does not accept both JSON and an event stream with 406', async () => {
    for (const accept of ['application/json', 'text/event-stream', '*/*']) {
      const answer = await postMcp(server.url, JSON.stringify(list(1)), { accept });
      expect(answer.status, accept).toBe(406);
      expect(jsonRpcError(answer.text).message).toMatch(/Not Acceptable/);
    }
  });

  it('refuses an unsupported MCP-Protocol-Version with 400, answers a supported one', async () => {
    const unsupported = await postMcp(server.url, JSON.stringify(list(1)), { 'mcp-protocol-version': '2019-01-01' });
    expect(unsupported.status).toBe(400);
    expect(jsonRpcError(unsupported.text).message).toMatch(/Unsupported protocol version/);
    const latest = await postMcp(server.url, JSON.stringify(list(2)), { 'mcp-protocol-version': LATEST_PROTOCOL_VERSION });
    expect(latest.status).toBe(200);
    expect(JSON.parse(latest.text)).toMatchObject({ id: 2, result: { tools: expect.any(Array) } });
  });

  it('acknowledges a notification or a response alone with 202 and no body', async () => {
    const messages = [
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 7, result: {} },
    ];
    for (const message of messages) {
      const answer = await postMcp(server.url, JSON.stringify(message), { 'mcp-protocol-version': LATEST_PROTOCOL_VERSION });
      expect(answer.status).toBe(202);
      expect(answer.text).toBe('');
      expect(answer.headers.get('content-type')).toBeNull();
    }
  });

  it('refuses a batch from a client of 2025-06-18 or later (-32600), answers one from a client that names no version', async () => {
    const batch = JSON.stringify([list(1), list(2)]);
    for (const version of ['2025-06-18', LATEST_PROTOCOL_VERSION]) {
      const refused = await postMcp(server.url, batch, { 'mcp-protocol-version': version });
      expect(refused.status, version).toBe(400);
      expect(jsonRpcError(refused.text)).toMatchObject({ code: -32600, message: expect.stringMatching(/batch/) });
    }
    // Without the header the specification says to assume 2025-03-26, which had batches.
    const answered = await postMcp(server.url, batch);
    expect(answered.status).toBe(200);
    expect((JSON.parse(answered.text) as { id: number }[]).map((answer) => answer.id).sort()).toEqual([1, 2]);
    // But JSON-RPC itself makes an empty batch an invalid request, in any revision.
    const empty = await postMcp(server.url, '[]');
    expect(empty.status).toBe(400);
    expect(jsonRpcError(empty.text)).toMatchObject({ code: -32600, message: expect.stringMatching(/empty batch/) });
  });
});

describe('MCP transport: malformed requests are JSON-RPC errors', () => {
  it('answers a body that is not JSON, or none, with the parse error -32700 and 400', async () => {
    for (const body of ['{"jsonrpc": "2.0", "id": 1,', 'not json at all', '']) {
      const answer = await postMcp(server.url, body);
      expect(answer.status, body).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(jsonRpcError(answer.text).code, body).toBe(-32700);
    }
  });

  it('answers JSON that is not a JSON-RPC message with the parse error -32700 and 400', async () => {
    for (const body of ['{"hello": "world"}', '42', '{"jsonrpc": "1.0", "id": 1, "method": "tools/list"}']) {
      const answer = await postMcp(server.url, body);
      expect(answer.status, body).toBe(400);
      expect(jsonRpcError(answer.text).code, body).toBe(-32700);
    }
  });

  it('answers a body over BODY_LIMIT_BYTES with 413, in JSON-RPC', async () => {
    const big = JSON.stringify({ ...list(1), params: { padding: 'x'.repeat(BODY_LIMIT) } });
    const answer = await postMcp(server.url, big);
    expect(answer.status).toBe(413);
    expect(jsonRpcError(answer.text).message).toMatch(/Payload Too Large/);
  });

  it('answers a content type other than JSON with 415, in JSON-RPC', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await postMcp(server.url, JSON.stringify(list(1)), { 'content-type': contentType });
      expect(answer.status, contentType).toBe(415);
      expect(jsonRpcError(answer.text).message).toMatch(/Unsupported Media Type/);
    }
  });
});

describe('MCP transport: browsers and caches', () => {
  it('answers the CORS preflight of a listed origin, allowing the headers an MCP client sends', async () => {
    const origin = 'https://assistant.example';
    const preflight = await fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, mcp-protocol-version, x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/mcp-protocol-version/);
    const answer = await postMcp(server.url, JSON.stringify(list(1)), { origin, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('gives each message its own answer, never a cached one: no-store, no ETag, no 304 to a POST', async () => {
    const first = await postMcp(server.url, JSON.stringify(call(1)));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('etag')).toBeNull();
    // The same call again, as a client holding an ETag of it would send it (the data are the
    // response cache's, but the answer is this message's).
    const again = await postMcp(server.url, JSON.stringify(call(2)), { 'if-none-match': '*' });
    expect(again.status).toBe(200);
    const [one, two] = [JSON.parse(first.text), JSON.parse(again.text)];
    expect([one.id, two.id]).toEqual([1, 2]);
    expect(two.result.structuredContent).toEqual(one.result.structuredContent);
    // The ETag @fastify/etag gives the first answer's body (before the route removes it), which the
    // plugin would match with an empty 304 if a POST's preconditions reached it.
    const repeated = await postMcp(server.url, JSON.stringify(call(1)), { 'if-none-match': `"${etagHash(first.text)}"` });
    expect(repeated.status).toBe(200);
    expect(JSON.parse(repeated.text).id).toBe(1);
  });

  it('serves the SDK client at the latest revision it speaks', async () => {
    const client = await mcpClient(server.url);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('communes-search');
    await client.close();
  });
});
