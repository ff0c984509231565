import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp } from '../http/app.js';
import { MELODI_PREFIX, melodiErrors, registerMelodi } from '../melodi/app.js';
import { rateLimitBody, RollingWindow, type InseeQuota } from './quota.js';
import { fail, NO_ZONE, wantsJson } from './render.js';
import { registerCubeRoute } from './routes/cube.js';

export interface InseeOptions {
  /** Requests allowed per client address in any rolling window (the real gateway: 30 a minute). */
  quota: InseeQuota;
  /** Melodi's own quota, under `/melodi` on the same origin (30 a minute for the real one). */
  melodiQuota: InseeQuota;
}

/**
 * The Insee origin: the Données locales simulator behind its gateway's quota (429 past it), and
 * the Melodi simulator under `/melodi` with its own quota, counted and faulted as the source
 * `melodi`. `resetQuota()` forgets the requests counted so far by both.
 */
export function createInseeApp(controls: SandboxControls, options: InseeOptions): FastifyInstance & { resetQuota(): void } {
  const app = createSimulatorApp(
    'insee',
    controls,
    {
      status: (status) => ({
        contentType: 'application/json;charset=utf-8',
        body: JSON.stringify({ message: status >= 500 ? 'Internal Server Error' : 'Erreur', http_status_code: status }),
      }),
      rateLimited: () => ({ contentType: 'application/json;charset=utf-8', body: rateLimitBody(options.quota) }),
    },
    { [MELODI_PREFIX]: { source: 'melodi', errors: melodiErrors(options.melodiQuota) } },
  );
  const window = new RollingWindow(options.quota.limit, options.quota.windowMs);

  // Données locales in a scope of its own, so that its quota and 404s stay off Melodi's paths.
  app.register(async (donneesLocales) => {
    donneesLocales.addHook('onRequest', async (request, reply) => {
      reply.header('x-gravitee-transaction-id', randomUUID());
      if (!window.admit(request.ip)) {
        return reply.code(429).type('application/json;charset=utf-8').send(rateLimitBody(options.quota));
      }
      return undefined;
    });
    registerCubeRoute(donneesLocales);
    donneesLocales.setNotFoundHandler(async (request, reply) => fail(reply, 404, NO_ZONE, wantsJson(request.headers.accept)));
  });
  const melodi = registerMelodi(app, options.melodiQuota);

  return Object.assign(app, {
    resetQuota: () => {
      window.clear();
      melodi.resetQuota();
    },
  });
}
