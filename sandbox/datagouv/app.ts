import type { FastifyInstance } from 'fastify';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { notFoundAnswer } from './answers.js';
import { DatasetCatalog } from './catalog.js';
import { apiKeyCaller, type DatagouvContext } from './context.js';
import { registerDatasetRoutes } from './routes/datasets.js';
import { registerDiscussionRoutes } from './routes/discussions.js';
import { registerOrganizationRoutes } from './routes/organizations.js';
import { registerReferenceRoutes } from './routes/reference.js';
import { registerSpatialRoutes } from './routes/spatial.js';
import { registerUserRoutes } from './routes/users.js';
import { registerDatasetWrites } from './routes/writes.js';
import type { DatagouvWorld } from './world.js';

export interface DatagouvOptions {
  /** API keys the sandbox accepts, each belonging to the sandbox user. */
  apiKeys: string[];
}

/**
 * The data.gouv.fr simulator (udata's `/api/1/…` and `/api/2/…`): the route modules of
 * routes/, sharing one {@link DatagouvContext}. `resetWrites()` forgets the datasets created
 * through the API.
 */
export function createDatagouvApp(
  world: DatagouvWorld,
  controls: SandboxControls,
  options: DatagouvOptions,
): FastifyInstance & { resetWrites(): void } {
  const app = createSimulatorApp('datagouv', controls, {
    status: (status) => jsonBody({ message: status >= 500 ? 'Internal server error' : 'Error', status }),
    rateLimited: () => jsonBody({ message: 'Too many requests' }),
  });
  // Bodies reach the write routes as text, whatever their type, so that they answer a wrong
  // Content-Type or broken JSON as udata does.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const catalog = new DatasetCatalog(world);
  const context: DatagouvContext = { world, catalog, caller: apiKeyCaller(options.apiKeys), forget: () => app.forget() };
  registerDatasetRoutes(app, context);
  registerReferenceRoutes(app, context);
  registerOrganizationRoutes(app, context);
  registerUserRoutes(app, context);
  registerDiscussionRoutes(app, context);
  registerSpatialRoutes(app);
  registerDatasetWrites(app, context);
  app.setNotFoundHandler(async (request, reply) => notFoundAnswer(request, reply));

  return Object.assign(app, {
    resetWrites: () => {
      catalog.reset();
      app.forget();
    },
  });
}
