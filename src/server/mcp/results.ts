import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GraphQLFormattedError } from 'graphql';

/**
 * The text beside the structured content, for clients that read text only: the JSON, cut past
 * this many characters (an assistant's context is the scarce resource; the whole answer is in
 * `structuredContent`).
 */
export const TEXT_MAX_CHARS = 8000;

function jsonText(data: unknown): string {
  const text = JSON.stringify(data);
  return text.length <= TEXT_MAX_CHARS
    ? text
    : `${text.slice(0, TEXT_MAX_CHARS)}… (cut at ${TEXT_MAX_CHARS} of ${text.length} characters; the whole answer is in structuredContent)`;
}

/** One line per error: its code and, for an upstream failure, the source, then where and what. */
function errorLine(error: GraphQLFormattedError): string {
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const source = error.extensions?.source ? ` from source ${String(error.extensions.source)}` : '';
  const path = error.path ? ` at ${error.path.join('.')}` : '';
  return `${code}${source}${path}: ${error.message}`;
}

/** A refusal before anything ran: bad arguments, a mutation. */
export function toolError(code: string, message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}` }] };
}

/**
 * A GraphQL answer as a tool result: `data` as the structured content, with its JSON as text.
 * Any error (a refusal, or an upstream failure that nulled some fields) makes it a tool error,
 * each named by its code and source, so that the assistant sees it and may try again; the data
 * that did arrive stays in the result.
 */
export function graphqlResult(result: {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}): CallToolResult {
  const data = result.data ?? undefined;
  const errors = result.errors ?? [];
  const content: CallToolResult['content'] = errors.length > 0 ? [{ type: 'text', text: errors.map(errorLine).join('\n') }] : [];
  if (data) content.push({ type: 'text', text: jsonText(data) });
  return { ...(errors.length > 0 ? { isError: true } : {}), content, ...(data ? { structuredContent: data } : {}) };
}
