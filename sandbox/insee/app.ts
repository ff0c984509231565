import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp } from '../http/app.js';
import { rateLimitBody, RollingWindow, type InseeQuota } from './quota.js';
import { fail, NO_ZONE, wantsJson } from './render.js';
import { registerCubeRoute } from './routes/cube.js';

export interface InseeOptions {
  /** Requests allowed per client address in any rolling window (the real gateway: 30 a minute). */
  quota: InseeQuota;
}

/**
 * The Insee Données locales simulator, behind its gateway's quota (429 past it). `resetQuota()`
 * forgets the requests counted so far.
 */
export function createInseeApp(controls: SandboxControls, options: InseeOptions): FastifyInstance & { resetQuota(): void } {
  const app = createSimulatorApp('insee', controls, {
    status: (status) => ({
      contentType: 'application/json;charset=utf-8',
      body: JSON.stringify({ message: status >= 500 ? 'Internal Server Error' : 'Erreur', http_status_code: status }),
    }),
    rateLimited: () => ({ contentType: 'application/json;charset=utf-8', body: rateLimitBody(options.quota) }),
  });
  const window = new RollingWindow(options.quota.limit, options.quota.windowMs);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-gravitee-transaction-id', randomUUID());
    if (!window.admit(request.ip)) {
      return reply.code(429).type('application/json;charset=utf-8').send(rateLimitBody(options.quota));
    }
    return undefined;
  });
  registerCubeRoute(app);
  app.setNotFoundHandler(async (request, reply) => fail(reply, 404, NO_ZONE, wantsJson(request.headers.accept)));

  return Object.assign(app, { resetQuota: () => window.clear() });
}
