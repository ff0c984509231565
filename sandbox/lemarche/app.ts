import type { FastifyInstance } from 'fastify';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { bearerAuthenticator, type LemarcheContext } from './context.js';
import { buildPerimeters } from './perimeters.js';
import { registerPerimeterRoutes } from './routes/perimeters.js';
import { registerReferenceRoutes } from './routes/reference.js';
import { registerSiaeRoutes } from './routes/siaes.js';
import { registerTenderRoutes } from './routes/tenders.js';
import type { MarcheWorld, Siae } from './world.js';

export interface LemarcheOptions {
  /** The one API key the sandbox accepts (64+ alphanumeric characters, like the real ones). */
  apiKey: string;
}

/**
 * The Marché de l'inclusion simulator (Django REST framework, `/api/…/`): the route modules of
 * routes/, sharing one {@link LemarcheContext}.
 */
export function createLemarcheApp(world: MarcheWorld, controls: SandboxControls, options: LemarcheOptions): FastifyInstance {
  const app = createSimulatorApp('lemarche', controls, {
    status: (status) =>
      status >= 500 ? { contentType: 'text/html', body: '<h1>Server Error (500)</h1>' } : jsonBody({ detail: 'Erreur.' }),
    rateLimited: () => jsonBody({ detail: 'Requête ralentie.' }),
  });
  // The API never shows OPCS structures.
  const visibleSiaes = world.siaes.filter((s) => s.kind !== 'OPCS');
  const bySiret = new Map<string, Siae[]>();
  for (const s of visibleSiaes) bySiret.set(s.siret, [...(bySiret.get(s.siret) ?? []), s]);
  const context: LemarcheContext = {
    world,
    visibleSiaes,
    bySiret,
    perimeters: buildPerimeters(),
    authenticate: bearerAuthenticator(options.apiKey),
  };
  registerSiaeRoutes(app, context);
  registerReferenceRoutes(app, context);
  registerPerimeterRoutes(app, context);
  registerTenderRoutes(app, context);

  app.setNotFoundHandler(async (request, reply) => {
    const [path, query] = request.url.split('?', 2);
    const suffix = query ? `?${query}` : '';
    const legacy = /^\/api\/siaes\/siret\/([^/]+)\/?$/.exec(path!);
    if (legacy) return reply.code(301).header('location', `/api/siae/siret/${legacy[1]}/${suffix}`).send();
    // Django's APPEND_SLASH: a known route without its trailing slash is redirected.
    if (request.method === 'GET' && !path!.endsWith('/')) return reply.code(301).header('location', `${path}/${suffix}`).send();
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<h1>Not Found</h1><p>The requested resource was not found on this server.</p>');
  });

  return app;
}
