import underPressure from '@fastify/under-pressure';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from '../config.js';

export type OverloadConfig = Pick<Environment, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS' | 'OVERLOAD_MAX_HEAP_USED_MB'>;

/**
 * Long enough that retrying clients do not keep an overloaded process overloaded (the pressure
 * is measured each second), short enough that they are back soon after it has passed.
 */
const RETRY_AFTER_S = 5;

/**
 * The lag is measured over the last second, once a second: the first measure after start-up
 * still holds the time spent building the schema, which is not load. Shedding starts one
 * measure later.
 */
const STARTUP_GRACE_MS = 1500;

/** What an overloaded server answers: a GraphQL error, so that clients handle it as any other. */
const OVERLOADED = {
  errors: [
    {
      message: `The server is overloaded; retry in ${RETRY_AFTER_S} s`,
      extensions: { code: 'SERVER_OVERLOADED' },
    },
  ],
};

/**
 * Load shedding: while the event loop lags more than the threshold on average (or the heap is
 * nearly full), as @fastify/under-pressure measures them each second, requests are refused at
 * once with 503 and `Retry-After` rather than queued behind the work the process cannot keep up
 * with. `exempt` routes (health, readiness, metrics) still answer: they are cheap, and an
 * orchestrator that saw them fail would restart a process that is only busy.
 */
export async function registerOverloadShedding<Log extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Log>,
  config: OverloadConfig,
  exempt: ReadonlySet<string>,
): Promise<void> {
  let shedsFrom = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    shedsFrom = performance.now() + STARTUP_GRACE_MS;
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.OVERLOAD_MAX_HEAP_USED_MB * 2 ** 20,
    pressureHandler: async (request, reply) => {
      // Returning without an answer lets the request go on.
      if (exempt.has(request.url.split('?', 1)[0]!) || performance.now() < shedsFrom) return;
      // Awaited until sent, so that no later hook nor the route runs for this request.
      await reply.code(503).header('retry-after', String(RETRY_AFTER_S)).send(OVERLOADED);
    },
  });
}
