import Fastify, { type FastifyInstance } from 'fastify';
import type { ErrorBodies, Mounts, SandboxControls, SourceName } from '../controls.js';

/** Successful GET answers kept per simulator; the generated data never change. */
const MEMO_ENTRIES = 5000;

/**
 * A Fastify instance for one simulator, with the sandbox controls in front of its routes.
 * Successful GET answers are memoised (by URL and credential) after the controls ran, so that
 * counting, latency and faults apply to every request while the simulator's own CPU time stays
 * out of the benchmarks. `forget()` drops them (after a write). `mounts` gives path prefixes
 * served for another source on the same origin (controls.ts).
 */
export function createSimulatorApp(
  source: SourceName,
  controls: SandboxControls,
  errors: ErrorBodies,
  mounts: Mounts = {},
): FastifyInstance & { forget(): void } {
  const app = Fastify({
    logger: false,
    // Real upstream ids carry characters such as ':' that must reach the handlers intact.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
    forceCloseConnections: true,
  });
  controls.install(app, source, errors, mounts);
  // Bodies are kept as sent: a Buffer keeps a content type without charset (Melodi's).
  const memo = new Map<string, { type: string; body: string | Buffer }>();
  const keyOf = (request: { url: string; headers: Record<string, unknown> }) =>
    `${request.url}\u0000${String(request.headers.authorization ?? '')}\u0000${String(request.headers['x-api-key'] ?? '')}\u0000${String(request.headers.accept ?? '')}`;
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return undefined;
    const hit = memo.get(keyOf(request));
    return hit ? reply.type(hit.type).send(hit.body) : undefined;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const injected = reply.getHeader('x-sandbox-fault') !== undefined;
    const kept = typeof payload === 'string' || Buffer.isBuffer(payload);
    if (request.method === 'GET' && reply.statusCode === 200 && !injected && kept && memo.size < MEMO_ENTRIES) {
      memo.set(keyOf(request), { type: String(reply.getHeader('content-type') ?? 'application/json'), body: payload });
    }
    return payload;
  });
  return Object.assign(app, { forget: () => memo.clear() });
}

export function jsonBody(body: unknown): { contentType: string; body: string } {
  return { contentType: 'application/json', body: JSON.stringify(body) };
}
