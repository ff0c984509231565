import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request headers that change a GraphQL answer: `Accept` picks JSON, `application/graphql-response+json`,
 * CSV or NDJSON (exports, src/server/export/); `apollo-federation-include-trace` adds a trace of this
 * execution. Answers are public and cacheable, so caches in front of the service must key on these.
 */
export const ANSWER_VARIES_ON = ['Accept', 'apollo-federation-include-trace'] as const;

/** Adds names to a reply's `Vary`, keeping those already there (CORS's `Origin`), each once. */
export function addVary(reply: FastifyReply, names: readonly string[]): void {
  const current = reply.getHeader('vary');
  const listed = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (listed.includes('*')) return;
  const known = new Set(listed.map((name) => name.toLowerCase()));
  const added = names.filter((name) => !known.has(name.toLowerCase()));
  if (added.length > 0) reply.header('vary', [...listed, ...added].join(', '));
}

/** `Vary` on every GraphQL answer, executed, replayed by the hot layer or exported alike. */
export function registerVary<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
): void {
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    if (request.routeOptions.url === '/graphql' && (request.method === 'GET' || request.method === 'POST'))
      addVary(reply, ANSWER_VARIES_ON);
    done(null, payload);
  });
}
