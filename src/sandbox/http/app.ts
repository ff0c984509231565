import Fastify, { type FastifyInstance } from 'fastify';
import type { ErrorBodies, SandboxControls, SourceName } from '../controls.js';

/** A Fastify instance for one simulator, with the sandbox controls in front of its routes. */
export function createSimulatorApp(source: SourceName, controls: SandboxControls, errors: ErrorBodies): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Real upstream ids carry characters such as ':' that must reach the handlers intact.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
    forceCloseConnections: true,
  });
  controls.install(app, source, errors);
  return app;
}

export function jsonBody(body: unknown): { contentType: string; body: string } {
  return { contentType: 'application/json', body: JSON.stringify(body) };
}
