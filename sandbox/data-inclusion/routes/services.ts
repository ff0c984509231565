import type { FastifyInstance } from 'fastify';
import type { Query } from '../../http/query.js';
import { visible, type DataInclusionContext } from '../context.js';
import { detailedService } from '../duplicates.js';
import { matchesWords, paginate, rejectIssues, serviceFilter, territoryFilter } from '../filters.js';
import { FastApiParams } from '../params.js';

/** `/api/v1/services` (the list and one service) and `/api/v1/search` (full text, best score first). */
export function registerServiceRoutes(app: FastifyInstance, { world, territories, authenticate }: DataInclusionContext): void {
  app.get('/api/v1/services', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const params = new FastApiParams(request.query as Query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const inTerritory = territoryFilter(params, territories);
    const matches = serviceFilter(params);
    const extra = params.bool('extra') ?? false;
    if (rejectIssues(params, reply)) return reply;
    const services = world.services.filter((s) => visible(caller, s.source) && inTerritory(s.code_insee) && matches(s));
    const result = paginate(services, page, size);
    return { ...result, items: extra ? result.items.map((s) => ({ ...s, extra: null })) : result.items };
  });

  app.get('/api/v1/services/:id', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const service = world.serviceById.get((request.params as { id: string }).id);
    if (!service) return reply.code(404).send({ detail: 'Not Found' });
    return detailedService(world, service);
  });

  app.get('/api/v1/search', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const params = new FastApiParams(request.query as Query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const q = params.string('q');
    const inTerritory = territoryFilter(params, territories);
    const matches = serviceFilter(params);
    if (rejectIssues(params, reply)) return reply;
    const found = world.services
      .filter((s) => visible(caller, s.source) && inTerritory(s.code_insee) && matches(s))
      .filter((s) => !q || matchesWords(`${s.nom} ${s.description} ${(s.thematiques ?? []).join(' ')}`, q))
      .sort((a, b) => b.score_qualite - a.score_qualite || (a.id < b.id ? -1 : 1));
    const result = paginate(found, page, size);
    return {
      ...result,
      items: result.items.map((s) => ({ service: detailedService(world, s), distance: null, score_recherche: q ? 1 : null })),
    };
  });
}
