import type { FastifyInstance } from 'fastify';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { credentialChecker, type InserJeunesContext } from './context.js';
import { faultBody } from './errors.js';
import { OMOGEN_PREFIX, OmogenGateway, type OmogenOptions } from './omogen.js';
import { registerBcnRoutes } from './routes/bcn.js';
import { registerListRoutes } from './routes/lists.js';
import { registerLoginRoute } from './routes/login.js';
import { registerWidgetRoutes } from './routes/widgets.js';
import type { InserJeunesWorld } from './world.js';

export interface InserJeunesOptions {
  /** The shared legacy API key accepted in `x-api-key`. */
  apiKey: string;
  /** Account accepted by `/auth/login`. */
  username: string;
  password: string;
  jwtSecret: string;
  /** The Omogen gateway's client credentials and key, and the lifetime of its tokens. */
  omogen: OmogenOptions;
}

/**
 * The InserJeunes exposition API simulator (Express, Boom and Joi): its routes at the host's
 * root, as the legacy host served them, and again behind the Omogen gateway's prefix, where the
 * gateway checks a token first (omogen.ts). The route modules of routes/ share one
 * {@link InserJeunesContext}.
 */
export function createInserJeunesApp(world: InserJeunesWorld, controls: SandboxControls, options: InserJeunesOptions): FastifyInstance {
  const app = createSimulatorApp('inserjeunes', controls, {
    status: (status) => jsonBody(faultBody(status)),
    rateLimited: () => ({ contentType: 'text/html', body: '<html><head><title>503 Service Temporarily Unavailable</title></head></html>' }),
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  new OmogenGateway(options.omogen).install(app);

  const context: InserJeunesContext = { world, requireCredential: credentialChecker(options) };
  for (const base of ['', OMOGEN_PREFIX]) {
    registerListRoutes(app, base, context);
    registerWidgetRoutes(app, base, context);
    registerBcnRoutes(app, base, context);
  }
  registerLoginRoute(app, options);

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?', 1)[0];
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(
        `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${request.method} ${path}</pre>\n</body>\n</html>\n`,
      );
  });

  return app;
}
