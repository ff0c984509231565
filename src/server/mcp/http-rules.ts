import type {
  FastifyError,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  FastifyTypeProviderDefault,
  RawServerDefault,
  RouteGenericInterface,
  RouteShorthandOptions,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** JSON-RPC's own error codes (the MCP SDK uses -32000 for what the transport refuses). */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;
export const TRANSPORT_ERROR = -32000;

/** The first revision without JSON-RPC batches (they came in 2025-03-26 and went in 2025-06-18). */
const FIRST_REVISION_WITHOUT_BATCHES = '2025-06-18';

/** A JSON-RPC error that answers no particular message (`id: null`), with its HTTP status. */
export function sendJsonRpcError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * Why a batch (an array of messages) is refused, if it is: sent by a client that negotiated
 * 2025-06-18 or later, which removed batches, so that a client is not led to rely on what its own
 * revision forbids (without `MCP-Protocol-Version`, the specification says to assume 2025-03-26,
 * whose batches the SDK still answers); or empty, which JSON-RPC makes an invalid request in any
 * revision (the SDK would acknowledge it with 202, as if it held notifications).
 */
function batchRefusal(request: FastifyRequest): string | undefined {
  if (!Array.isArray(request.body)) return undefined;
  if (request.body.length === 0) return 'Invalid Request: an empty batch holds no message';
  const version = request.headers['mcp-protocol-version'];
  return typeof version === 'string' && version >= FIRST_REVISION_WITHOUT_BATCHES
    ? `Invalid Request: JSON-RPC batches are not part of MCP since ${FIRST_REVISION_WITHOUT_BATCHES}; send one message per POST`
    : undefined;
}

/** Refuses a batch that batchRefusal refuses (400, -32600); false when the request goes on. */
export function refusedBatch(request: FastifyRequest, reply: FastifyReply): boolean {
  const refusal = batchRefusal(request);
  if (refusal) sendJsonRpcError(reply, 400, INVALID_REQUEST, refusal);
  return refusal !== undefined;
}

/**
 * What Fastify refuses while reading the body (it never reaches the SDK), answered in JSON-RPC as
 * the SDK answers what it refuses, so that a client reads one kind of error: a body that is not
 * JSON (or none) is JSON-RPC's parse error with 400; a body over BODY_LIMIT_BYTES keeps its 413,
 * a content type without a parser its 415. Anything else (the rate limit's 429, a fault of ours)
 * goes on to the server's own handler.
 */
function bodyError(error: FastifyError): { status: number; code: number; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: PARSE_ERROR, message: 'Parse error: the body is not JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: TRANSPORT_ERROR, message: 'Payload Too Large: the body is over the server’s limit' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: TRANSPORT_ERROR, message: 'Unsupported Media Type: Content-Type must be application/json' };
    default:
      return error.statusCode === undefined || error.statusCode >= 500
        ? { status: 500, code: INTERNAL_ERROR, message: 'Internal error' }
        : undefined;
  }
}

/**
 * The route options of POST /mcp that keep its answers to HTTP's rules and the caller's own:
 *
 * - no ETag: an answer is to one message, never to be revalidated (and, as for every POST, its
 *   preconditions are dropped server-wide, in server/http.ts, so no 304 swallows it);
 * - `Cache-Control: no-store`: each answer is to one message of one caller (its id), nothing a
 *   browser or a proxy should keep;
 * - the body's errors in JSON-RPC (bodyError).
 */
export const MCP_ROUTE_OPTIONS: RouteShorthandOptions<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  RouteGenericInterface,
  unknown,
  FastifySchema,
  FastifyTypeProviderDefault,
  Logger
> = {
  onSend(_request, reply, payload, done) {
    reply.removeHeader('etag');
    reply.header('cache-control', 'no-store');
    done(null, payload);
  },
  errorHandler(error, request, reply) {
    const refusal = bodyError(error);
    if (!refusal) {
      // Passed on as thrown: the rate limit throws its answer (a plain object, 429), which Fastify
      // then sends as is, with the status set here.
      if (error.statusCode !== undefined) reply.code(error.statusCode);
      throw error;
    }
    if (refusal.status === 500) request.log.error({ err: error }, 'MCP request failed');
    return sendJsonRpcError(reply, refusal.status, refusal.code, refusal.message);
  },
};
