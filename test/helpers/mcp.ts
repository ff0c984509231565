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
