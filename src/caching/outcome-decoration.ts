import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestOutcome } from '../graphql/request-outcome.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What the GraphQL request this HTTP request runs learnt (graphql/request-outcome.ts), for the
     * hot layer to read as the response leaves; null until its GraphQL context is built.
     */
    outcome: RequestOutcome | null;
  }
}

/**
 * Gives every request its `outcome` slot (a Fastify request decoration, so that Fastify knows the
 * request's shape from the start): the one way the GraphQL plumbing tells the HTTP layers what
 * a request learnt, rather than headers read back.
 */
export function decorateWithOutcome<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
): void {
  app.decorateRequest('outcome', null);
}
