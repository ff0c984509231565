import type { FastifyInstance } from 'fastify';
import { allValues, lastValue, type Query } from '../../http/query.js';
import { paginate } from '../answers.js';
import type { DatagouvContext } from '../context.js';
import { renderDiscussion } from '../render.js';

/** Discussions, newest first, optionally about given subjects (`for`) and open or closed. */
export function registerDiscussionRoutes(app: FastifyInstance, { world, caller }: DatagouvContext): void {
  app.get('/api/1/discussions/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const query = request.query as Query;
    const subjects = allValues(query, 'for');
    const closed = lastValue(query, 'closed');
    const found = world.discussions
      .filter(
        (d) =>
          (subjects.length === 0 || subjects.includes(d.subjectId)) &&
          (closed === undefined || (closed === 'true') === (d.closed !== null)),
      )
      .sort((a, b) => (a.created < b.created ? 1 : -1));
    return paginate(request, reply, found, 20, renderDiscussion, false);
  });

  app.get('/api/1/discussions/:id/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const found = world.discussions.find((d) => d.id === (request.params as { id: string }).id);
    return found ? renderDiscussion(found) : reply.code(404).send({ message: 'Not found' });
  });
}
