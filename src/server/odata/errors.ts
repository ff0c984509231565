import type { FastifyReply } from 'fastify';

/**
 * A request the service refuses, told as OData tells it (`{"error":{"code","message","target"}}`):
 * 400 for what the client got wrong, 501 for what the service does not do, 404 for what is not there.
 */
export class ODataError extends Error {
  constructor(
    readonly status: 400 | 404 | 406 | 501,
    readonly code: string,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, target?: string) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, ...(target ? { target } : {}) } });
}

export const badRequest = (message: string, target?: string) => new ODataError(400, 'BAD_REQUEST', message, target);
export const notImplemented = (message: string, target?: string) => new ODataError(501, 'NOT_IMPLEMENTED', message, target);

interface ForeignError {
  error?: unknown;
  message?: unknown;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/**
 * An error answered before the feed's own code runs (the rate limit's 429, load shedding's 503,
 * Fastify's 413 and 415: GraphQL's `errors` or Fastify's `{statusCode, error, message}`) in
 * OData's shape, which is what a BI tool shows its user; undefined when it already has it.
 */
export function odataErrorBody(payload: string): string | undefined {
  let body: ForeignError;
  try {
    body = JSON.parse(payload) as ForeignError;
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || (typeof body.error === 'object' && body.error !== null)) return undefined;
  const first = body.errors?.[0];
  const code =
    first?.extensions?.code ??
    String(body.error ?? 'ERROR')
      .toUpperCase()
      .replace(/\W+/g, '_');
  const message = typeof body.message === 'string' ? body.message : first?.message;
  return JSON.stringify({ error: { code: String(code), message: String(message ?? body.error ?? 'The request failed') } });
}
