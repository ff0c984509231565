import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connections } from '../connections.js';

/** The shared cache as readiness names it: `memory` (none), `redis`, or what is wrong with Redis. */
const CACHE_STATES = { ready: 'redis', unreachable: 'redis-unreachable', unresponsive: 'redis-unresponsive' } as const;

/**
 * Readiness: the service is ready when its shared cache, if any, answers (asked now, within
 * Redis's command timeout: a Redis that hangs is seen too). Each upstream's state
 * is shown (source-health.ts), but a failing source does not make the service unready: its other
 * sources still answer.
 *
 * Publicly, that is all: which credentials are configured, and what the last upstream error said,
 * are the operator's to know (`detailed`: on METRICS_PORT's listener, or with READYZ_DETAILS).
 */
export async function readinessOf(connections: Connections, detailed: boolean) {
  const cache = connections.redisLink ? CACHE_STATES[await connections.redisLink.check()] : 'memory';
  const sources = Object.fromEntries(
    Object.entries(connections.policies).map(([name, source]) => [
      name,
      detailed
        ? { state: source.state, breaker: source.breakerState, credential: source.hasCredential, lastError: source.lastError ?? null }
        : { state: source.state },
    ]),
  );
  const ready = cache === 'memory' || cache === 'redis';
  return { code: ready ? 200 : 503, body: { status: ready ? 'ready' : 'degraded', cache, upstreams: sources } };
}

/** `GET /readyz` on `app`, with or without the operators' details. */
export function registerReadinessRoute<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
  connections: Connections,
  detailed: boolean,
): void {
  app.get('/readyz', async (_request, reply) => {
    const { code, body } = await readinessOf(connections, detailed);
    return reply.code(code).send(body);
  });
}
