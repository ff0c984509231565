import type { FastifyInstance } from 'fastify';
import { notFoundAnswer } from '../answers.js';
import type { DatagouvContext } from '../context.js';
import { SANDBOX_USER, userRef } from '../render.js';

/** Users: the one sandbox user, who owns every key the sandbox accepts. */
export function registerUserRoutes(app: FastifyInstance, { catalog, caller }: DatagouvContext): void {
  app.get('/api/1/me/', async (request, reply) => {
    const who = caller(request, reply, true);
    return who ? { ...userRef(), email: 'sandbox@example.org', about: '', website: null, since: '2020-01-01T00:00:00+00:00' } : reply;
  });
  // Listing users is for administrators only.
  app.get('/api/1/users/', async (request, reply) => {
    const who = caller(request, reply, true);
    return who ? reply.code(403).send({ message: 'You do not have the permission to modify that object.' }) : reply;
  });
  app.get('/api/1/users/:user/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const key = (request.params as { user: string }).user;
    if (key !== SANDBOX_USER.id && key !== SANDBOX_USER.slug) return notFoundAnswer(request, reply);
    return {
      ...userRef(),
      email: null,
      about: '',
      website: null,
      since: '2020-01-01T00:00:00+00:00',
      metrics: { datasets: catalog.created.length, reuses: 0, dataservices: 0, following: 0, followers: 0 },
    };
  });
}
