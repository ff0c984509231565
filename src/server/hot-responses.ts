import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from './http.js';

/**
 * The hottest cached answers, served before Apollo's pipeline runs: for the same request bytes
 * (method, URL, body) a response Apollo marked cacheable (`Cache-Control: max-age=N, public`,
 * hence without errors) is replayed until its max-age runs out. This process-local layer sits in
 * front of the shared response cache, which still decides what is cacheable and for how long.
 */
interface HotEntry {
  body: string;
  contentType: string;
  cacheControl: string;
  storedAt: number;
  expiresAt: number;
}

const MAX_AGE = /max-age=(\d+)/;

export function registerHotResponses(app: HttpServer, maxEntries: number): void {
  const entries = new Map<string, HotEntry>();
  const keyOf = (request: FastifyRequest) =>
    createHash('sha1')
      .update(
        `${request.method} ${request.url}\u0000${typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null)}`,
      )
      .digest('base64');

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== '/graphql' || (request.method !== 'POST' && request.method !== 'GET')) return undefined;
    const key = keyOf(request);
    (request as FastifyRequest & { hotKey?: string }).hotKey = key;
    const entry = entries.get(key);
    if (!entry) return undefined;
    const now = Date.now();
    if (now >= entry.expiresAt) {
      entries.delete(key);
      return undefined;
    }
    // Most recently used last, so that the oldest entries go first when full.
    entries.delete(key);
    entries.set(key, entry);
    const age = Math.floor((now - entry.storedAt) / 1000);
    return reply
      .header('content-type', entry.contentType)
      .header('cache-control', entry.cacheControl.replace(MAX_AGE, `max-age=${Math.max(0, Math.floor((entry.expiresAt - now) / 1000))}`))
      .header('x-response-cache', 'hit')
      .header('age', String(age))
      .send(entry.body);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = (request as FastifyRequest & { hotKey?: string }).hotKey;
    // Only query answers the response cache saw (and judged) are kept.
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-response-cache') !== 'miss') return payload;
    const cacheControl = String(reply.getHeader('cache-control') ?? '');
    const maxAge = Number(MAX_AGE.exec(cacheControl)?.[1] ?? 0);
    if (maxAge > 0 && cacheControl.includes('public')) {
      const now = Date.now();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, {
        body: payload,
        contentType: String(reply.getHeader('content-type') ?? 'application/json'),
        cacheControl,
        storedAt: now,
        expiresAt: now + maxAge * 1000,
      });
    }
    return payload;
  });
}
