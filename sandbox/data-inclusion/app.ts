import type { FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { FRAIS } from '../product.js';
import { territories, tokenAuthenticator, type DataInclusionContext } from './context.js';
import { FastApiParams } from './params.js';
import { registerReferenceRoutes } from './routes/reference.js';
import { registerServiceSearchRoute } from './routes/search-services.js';
import { registerServiceRoutes } from './routes/services.js';
import { registerStructureRoutes } from './routes/structures.js';
import type { DataInclusionWorld } from './world.js';

export interface DataInclusionOptions {
  /** Secret the sandbox signs its data·inclusion tokens with. */
  jwtSecret: string;
}

/**
 * The data·inclusion simulator (FastAPI, `/api/v1/…`): the route modules of routes/, sharing one
 * {@link DataInclusionContext}.
 */
export function createDataInclusionApp(
  world: DataInclusionWorld,
  controls: SandboxControls,
  options: DataInclusionOptions,
): FastifyInstance {
  const app = createSimulatorApp('data-inclusion', controls, {
    status: (status) => jsonBody({ detail: injectedDetail(status) }),
    rateLimited: () => jsonBody({ detail: 'Too Many Requests' }),
  });

  // FastAPI declares routes without a trailing slash and redirects the slashed form (307).
  app.addHook('onRequest', async (request, reply) => {
    const [path, query] = request.url.split('?', 2) as [string, string | undefined];
    if (path.length > 1 && path.endsWith('/')) {
      return reply
        .code(307)
        .header('location', path.slice(0, -1) + (query ? `?${query}` : ''))
        .send();
    }
    return undefined;
  });

  const context: DataInclusionContext = { world, territories: territories(), authenticate: tokenAuthenticator(options.jwtSecret) };
  registerStructureRoutes(app, context);
  registerServiceRoutes(app, context);
  registerServiceSearchRoute(app, context);
  registerReferenceRoutes(app, context);
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not Found' }));

  return app;
}

/**
 * The `detail` of an injected error, as FastAPI writes it: a validation array for 422 (the
 * framework's usual 422), Starlette's status phrase for other client errors.
 */
function injectedDetail(status: number): unknown {
  if (status >= 500) return 'Internal Server Error';
  if (status === 422) {
    const params = new FastApiParams({ frais: 'injected' });
    params.enumList('frais', FRAIS);
    return params.issues;
  }
  return STATUS_CODES[status] ?? 'Error';
}
