import { createHash } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestOutcome } from '../graphql/request-outcome.js';

/**
 * The hottest cached answers, served before Apollo's pipeline runs: for the same request bytes
 * (method, URL, body) a response sent as cacheable and public (hence without errors) is replayed
 * until its max-age runs out; that policy is the one its request's outcome recorded as the
 * response left (outcome-plugin.ts), not read back from the headers. This process-local layer
 * sits in front of the shared response cache, which still decides what is cacheable and for how
 * long.
 *
 * Identical requests arriving while the first is still executing wait for it rather than execute
 * again: a burst of the same cold dashboard runs its resolvers once, and the others get its answer
 * if it turns out cacheable (or execute in turn if not). Texts naming a mutation never wait.
 *
 * "The same request" includes the headers that change its answer (vary.ts): `Accept` is part of
 * the key (JSON, CSV and NDJSON answers of one URL are kept apart), and a request asking for a
 * federation trace is never served nor kept here, since a trace belongs to one execution.
 */
interface HotEntry {
  body: string;
  contentType: string;
  storedAt: number;
  expiresAt: number;
}

type HotRequest = FastifyRequest & {
  hotKey?: string;
  settleFlight?: (entry: HotEntry | undefined) => void;
  /** What the GraphQL request learnt, including the cache policy its response was sent with. */
  outcome?: RequestOutcome;
};

/** Lets the hot layer read the outcome of the GraphQL request this HTTP request runs. */
export function followOutcome(request: FastifyRequest, outcome: RequestOutcome): void {
  (request as HotRequest).outcome = outcome;
}

/**
 * Requests whose answer must come from an execution of their own: those asking for a trace. A
 * POST that is not JSON never gets here: the request rule of /graphql (server/post-json-only.ts)
 * refuses it in `onRequest`, before this layer's `preHandler`, so a hot answer goes only to
 * requests that rule lets through, whatever was asked before.
 */
function replayable(request: FastifyRequest): boolean {
  return request.headers['apollo-federation-include-trace'] === undefined;
}

/** The request's bytes and the headers that change its answer, as one key. */
function keyOf(request: FastifyRequest): string {
  const accept = (request.headers.accept ?? '').toLowerCase().replace(/\s+/g, '');
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  return createHash('sha1').update(`${request.method} ${request.url}\u0000${accept}\u0000${body}`).digest('base64');
}

function mayBeMutation(request: FastifyRequest): boolean {
  const body = request.body as { query?: unknown } | string | undefined;
  const text = typeof body === 'string' ? body : typeof body?.query === 'string' ? body.query : '';
  return text.includes('mutation');
}

export function registerHotResponses<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
  maxEntries: number,
): void {
  const entries = new Map<string, HotEntry>();
  /** Requests executing now, by key: their answer once known, if cacheable. */
  const flights = new Map<string, Promise<HotEntry | undefined>>();

  app.addHook('preHandler', async (request: HotRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== '/graphql' || (request.method !== 'POST' && request.method !== 'GET')) return undefined;
    if (!replayable(request)) return undefined;
    const key = keyOf(request);
    request.hotKey = key;
    let entry = entries.get(key);
    if (entry && Date.now() >= entry.expiresAt) {
      entries.delete(key);
      entry = undefined;
    }
    if (!entry && !mayBeMutation(request)) {
      const flight = flights.get(key);
      if (flight) entry = await flight;
      else flights.set(key, new Promise((resolve) => (request.settleFlight = resolve)));
    }
    if (!entry) return undefined;
    const now = Date.now();
    // Most recently used last, so that the oldest entries go first when full.
    entries.delete(key);
    entries.set(key, entry);
    const age = Math.floor((now - entry.storedAt) / 1000);
    return reply
      .header('content-type', entry.contentType)
      .header('cache-control', `max-age=${Math.max(0, Math.floor((entry.expiresAt - now) / 1000))}, public`)
      .header('x-response-cache', 'hit')
      .header('age', String(age))
      .send(entry.body);
  });

  const settle = (request: HotRequest, entry: HotEntry | undefined) => {
    if (!request.settleFlight) return;
    request.settleFlight(entry);
    request.settleFlight = undefined;
    flights.delete(request.hotKey!);
  };

  app.addHook('onSend', async (request: HotRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.hotKey;
    // Only query answers the response cache saw (and judged) are kept.
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-response-cache') !== 'miss') {
      settle(request, undefined);
      return payload;
    }
    const sent = request.outcome?.sentCacheable;
    let entry: HotEntry | undefined;
    if (sent && sent.maxAgeS > 0 && sent.scope === 'PUBLIC') {
      const now = Date.now();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entry = {
        body: payload,
        contentType: String(reply.getHeader('content-type') ?? 'application/json'),
        storedAt: now,
        expiresAt: now + sent.maxAgeS * 1000,
      };
      entries.set(key, entry);
    }
    settle(request, entry);
    return payload;
  });
  // Whatever happened to the first request (an error, a closed connection), the others go on.
  app.addHook('onResponse', async (request: HotRequest) => settle(request, undefined));
  app.addHook('onRequestAbort', async (request: HotRequest) => settle(request, undefined));
}
