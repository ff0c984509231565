import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseCacheVerdict } from '../graphql/request-outcome.js';
import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { heldBytes, heldBytesGauge } from './byte-bound.js';
import { etagHash } from './etag.js';
import './outcome-decoration.js';
import { requestKeyOf } from './request-key.js';

/**
 * The hottest cached answers, served before Apollo's pipeline runs: for the same request (what it
 * means, not its bytes: request-key.ts), a response sent as cacheable and public (hence without
 * errors) is replayed until the data it was made from are no longer fresh. The policy is the one
 * its request's outcome recorded as the response left (outcome-plugin.ts), not read back from the
 * headers. This process-local layer sits in front of the shared response cache, which still
 * decides what is cacheable and for how long, and it learns from that cache's hits as well as its
 * misses: whoever asked first (another client, another replica, another spelling of the request),
 * the next request here is replayed. A hit carries the policy stored with the data and their
 * `Age`, so the entry ends when the data's freshness does, not a max-age after the hit.
 *
 * Identical requests arriving while the first is still executing wait for it rather than execute
 * again: a burst of the same cold dashboard runs its resolvers once, and the others get its answer
 * if it turns out cacheable (or execute in turn if not). Texts that may name a mutation never wait.
 *
 * "The same request" includes the headers that change its answer (vary.ts): the media type Apollo
 * answers in, as `Accept` chooses it, is part of the key; a request whose `Accept` asks for an
 * export or GraphiQL's page (caching/answer-format.ts, the same reading as the exports') is never
 * served nor kept here, nor is one asking for a federation trace, since a trace belongs to one
 * execution.
 *
 * Each entry keeps its body's ETag, set on the replay so that @fastify/etag does not hash the body
 * again; that plugin still answers 304 to a matching If-None-Match.
 */
interface HotEntry {
  body: string;
  contentType: string;
  etag: string;
  cacheControl: string;
  /** When the data were made (the response cache's `Age` taken off): what `Age` counts from. */
  madeAt: number;
  expiresAt: number;
}

/** An entry's ETag, content type and Cache-Control, and the object holding them. */
const ENTRY_OVERHEAD_BYTES = 256;

type HotRequest = FastifyRequest & {
  hotKey?: string;
  settleFlight?: (entry: HotEntry | undefined) => void;
};

/**
 * Requests whose answer must come from an execution of their own: those asking for a trace. A
 * POST that is not JSON never gets here: the request rule of /graphql (server/post-json-only.ts)
 * refuses it in `onRequest`, before this layer's `preHandler`, so a hot answer goes only to
 * requests that rule lets through, whatever was asked before.
 */
function replayable(request: FastifyRequest): boolean {
  return request.headers['apollo-federation-include-trace'] === undefined;
}

/**
 * The entry a response the response cache judged (a hit or a miss) makes, if it may be replayed. On
 * a hit Apollo's response cache restores the policy stored with the data (its full max-age) and
 * says how old the data are, rounded to the second: half a second more is taken off, so that the
 * entry never outlives the data.
 */
function entryOf(request: HotRequest, reply: FastifyReply, body: string, verdict: ResponseCacheVerdict): HotEntry | undefined {
  const sent = request.outcome?.sentCacheable;
  if (!sent || sent.maxAgeS <= 0 || sent.scope !== 'PUBLIC') return undefined;
  const ageMs = verdict.hit ? verdict.ageS * 1000 + 500 : 0;
  if (!Number.isFinite(ageMs)) return undefined;
  const now = Date.now();
  const expiresAt = now - ageMs + sent.maxAgeS * 1000;
  if (expiresAt <= now) return undefined;
  // @fastify/etag's onSend ran before this one (registered first) and left the body's ETag.
  const etag = reply.getHeader('etag');
  return {
    body,
    contentType: String(reply.getHeader('content-type') ?? 'application/json'),
    etag: typeof etag === 'string' ? etag : `"${etagHash(body)}"`,
    cacheControl: `max-age=${sent.maxAgeS}, public`,
    madeAt: now - ageMs,
    expiresAt,
  };
}

function replay(reply: FastifyReply, entry: HotEntry, now: number): FastifyReply {
  return reply
    .header('content-type', entry.contentType)
    .header('cache-control', entry.cacheControl)
    .header('x-response-cache', 'hit')
    .header('age', String(Math.floor((now - entry.madeAt) / 1000)))
    .header('etag', entry.etag)
    .send(entry.body);
}

/** What the hot layer may hold: entries, and bytes of answers (byte-bound.ts). */
export interface HotBounds {
  maxEntries: number;
  maxBytes: number;
}

export function registerHotResponses<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
  registry: Registry,
  bounds: HotBounds,
): void {
  // Least recently used first out, whether the count or the bytes are over.
  const entries = new LRUCache<string, HotEntry>({
    max: bounds.maxEntries,
    maxSize: Math.max(1, Math.floor(bounds.maxBytes)),
    sizeCalculation: (entry, key) => heldBytes(entry.body) + heldBytes(key) + ENTRY_OVERHEAD_BYTES,
  });
  heldBytesGauge(registry, 'graphql_hot_responses_bytes', 'Bytes of answers the hot layer holds', () => entries.calculatedSize);
  /** Requests executing now, by key: their answer once known, if cacheable. */
  const flights = new Map<string, Promise<HotEntry | undefined>>();

  /** Replays an entry (its `get` made it the most recently used). */
  const serve = (request: HotRequest, reply: FastifyReply, entry: HotEntry) => {
    // A replay teaches nothing: its onSend must not store it again.
    request.hotKey = undefined;
    replay(reply, entry, Date.now());
  };

  // Hooks on every request take callbacks rather than being async: each async hook costs a
  // promise per request, a measurable share of a replayed one. Replying without calling `done`
  // ends the request there.
  app.addHook('preHandler', (request: HotRequest, reply: FastifyReply, done) => {
    if (request.routeOptions.url !== '/graphql' || (request.method !== 'POST' && request.method !== 'GET')) return done();
    const meaning = replayable(request) ? requestKeyOf(request) : undefined;
    if (!meaning) return done();
    const key = meaning.key;
    request.hotKey = key;
    let entry = entries.get(key);
    if (entry && Date.now() >= entry.expiresAt) {
      entries.delete(key);
      entry = undefined;
    }
    if (entry) return serve(request, reply, entry);
    if (meaning.mayMutate) return done();
    const flight = flights.get(key);
    if (!flight) {
      flights.set(key, new Promise((resolve) => (request.settleFlight = resolve)));
      return done();
    }
    void flight.then((answer) => (answer ? serve(request, reply, answer) : done()));
  });

  const settle = (request: HotRequest, entry: HotEntry | undefined) => {
    if (!request.settleFlight) return;
    request.settleFlight(entry);
    request.settleFlight = undefined;
    flights.delete(request.hotKey!);
  };

  app.addHook('onSend', (request: HotRequest, reply: FastifyReply, payload: unknown, done) => {
    const key = request.hotKey;
    const verdict = request.outcome?.responseCache;
    // Only query answers the response cache saw (and judged) are kept, whether it had them or not.
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string' || verdict === undefined) {
      settle(request, undefined);
      return done(null, payload);
    }
    const entry = entryOf(request, reply, payload, verdict);
    if (entry) entries.set(key, entry);
    settle(request, entry);
    done(null, payload);
  });
  // Whatever happened to the first request (an error, a closed connection), the others go on.
  app.addHook('onResponse', (request: HotRequest, _reply, done) => {
    settle(request, undefined);
    done();
  });
  app.addHook('onRequestAbort', (request: HotRequest, done) => {
    settle(request, undefined);
    done();
  });
}
