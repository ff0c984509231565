import Fastify, { type FastifyInstance } from 'fastify';
import { FAULT_KINDS, SOURCES, type FaultKind, type FaultRule, type SandboxControls, type SourceName } from './controls.js';

function isSource(value: unknown): value is SourceName {
  return typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
}

function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/**
 * The sandbox's control routes, on their own port so they never mix with upstream traffic:
 * counters, faults and latency for tools that do not run in the sandbox's process.
 */
export function createControlApp(controls: SandboxControls, describe: () => unknown, reset: () => void): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.get('/', async () => describe());
  app.get('/counters', async () => controls.counters());
  app.get('/requests', async (request) => {
    const source = (request.query as { source?: string }).source;
    return controls.requests(isSource(source) ? source : undefined);
  });
  app.delete('/counters', async (_request, reply) => {
    controls.resetCounters();
    return reply.code(204).send();
  });

  app.get('/faults', async () => controls.listFaults());
  app.post('/faults', async (request, reply) => {
    const rule = request.body as Partial<FaultRule> | undefined;
    if (!rule || !isSource(rule.source) || !isFaultKind(rule.kind)) {
      return reply.code(400).send({ error: `a fault needs a source (${SOURCES.join(', ')}) and a kind (${FAULT_KINDS.join(', ')})` });
    }
    for (const field of ['path', 'query'] as const) {
      if (rule[field] === undefined) continue;
      try {
        new RegExp(String(rule[field]));
      } catch {
        return reply.code(400).send({ error: `${field} must be a regular expression` });
      }
    }
    return reply.code(201).send({ id: controls.addFault(rule as FaultRule) });
  });
  app.delete('/faults', async (request, reply) => {
    const source = (request.query as { source?: string }).source;
    controls.clearFaults(isSource(source) ? source : undefined);
    return reply.code(204).send();
  });
  app.delete('/faults/:id', async (request, reply) => {
    controls.removeFault(Number((request.params as { id: string }).id));
    return reply.code(204).send();
  });

  app.put('/latency', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [source, ms] of Object.entries(body)) {
      if (!isSource(source) || typeof ms !== 'number' || ms < 0)
        return reply.code(400).send({ error: 'expected {"<source>": <milliseconds>, ...}' });
    }
    for (const [source, ms] of Object.entries(body)) controls.setLatency(source as SourceName, ms as number);
    return reply.code(204).send();
  });

  app.post('/reset', async (_request, reply) => {
    reset();
    return reply.code(204).send();
  });

  return app;
}
