import type { FastifyInstance } from 'fastify';
import { notFoundAnswer } from '../answers.js';
import type { DatagouvContext } from '../context.js';
import { renderUser, userRef } from '../render.js';

/** Users: one user by id or slug, the caller's own account, and the list (administrators only). */
export function registerUserRoutes(app: FastifyInstance, { world, catalog, caller }: DatagouvContext): void {
  /** The visible datasets a user owns (udata's `metrics.datasets`). */
  const ownedDatasets = (userId: string) => catalog.all().filter((d) => d.ownerId === userId && !d.deleted && !d.private).length;

  app.get('/api/1/me/', async (request, reply) => {
    const who = caller(request, reply, true);
    return who ? { ...userRef(), email: 'sandbox@example.org', about: '', website: null, since: '2020-01-01T00:00:00+00:00' } : reply;
  });
  // Listing users is for administrators only.
  app.get('/api/1/users/', async (request, reply) => {
    const who = caller(request, reply, true);
    return who ? reply.code(403).send({ message: 'You do not have the permission to modify that object.' }) : reply;
  });
  // udata's UserAPI.get: an inactive account (a deleted one is) answers 410 to anyone but an
  // administrator, whoever asks; the sandbox user is no administrator.
  app.get('/api/1/users/:user/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const key = (request.params as { user: string }).user;
    const user = world.users.find((u) => u.id === key || u.slug === key);
    if (!user) return notFoundAnswer(request, reply);
    if (!user.active) return reply.code(410).send({ message: 'User is not active' });
    if (user.deleted) return reply.code(410).send({ message: 'User has been deleted' });
    return renderUser(user, ownedDatasets(user.id));
  });
}
