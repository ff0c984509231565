import type { FastifyReply } from 'fastify';

/**
 * A request the service refuses, told as OData tells it (`{"error":{"code","message","target"}}`):
 * 400 for what the client got wrong, 501 for what the service does not do, 404 for what is not there.
 */
export class ODataError extends Error {
  constructor(
    readonly status: 400 | 404 | 501,
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
