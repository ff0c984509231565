import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The SDK's own client, connected over real HTTP to a server's /mcp (initialize done). */
export async function mcpClient(serverUrl: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'inclusion-graph-tests', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${serverUrl}/mcp`), { requestInit: { headers } }));
  return client;
}

/** The text of a tool result's content, joined. */
export function resultText(result: object): string {
  return (((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
}

/** The headers every POST /mcp carries by the specification (Streamable HTTP). */
export const MCP_POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

/** A raw POST /mcp by fetch (for what the SDK's client would never send), read whole. */
export async function postMcp(
  serverUrl: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${serverUrl}/mcp`, { method: 'POST', headers: { ...MCP_POST_HEADERS, ...headers }, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
