import type { FastifyInstance } from 'fastify';
import type { Query } from '../../http/query.js';
import { RESEAUX_PORTEURS } from '../../product.js';
import { visible, type DataInclusionContext } from '../context.js';
import { detailedStructure, listedStructure, withoutDuplicates } from '../duplicates.js';
import { paginate, rejectIssues, territoryFilter } from '../filters.js';
import { FastApiParams } from '../params.js';

/** `/api/v1/structures`: the list (by territory, source, network; without duplicates on demand) and one structure. */
export function registerStructureRoutes(app: FastifyInstance, { world, territories, authenticate }: DataInclusionContext): void {
  app.get('/api/v1/structures', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const params = new FastApiParams(request.query as Query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const sources = params.stringList('sources');
    const networks = params.enumList('reseaux_porteurs', RESEAUX_PORTEURS);
    const inTerritory = territoryFilter(params, territories);
    const dedupe = params.bool('exclure_doublons') ?? false;
    if (rejectIssues(params, reply)) return reply;
    let records = world.structures.filter(
      (r) =>
        visible(caller, r.structure.source) &&
        (!sources || sources.includes(r.structure.source)) &&
        (!networks || (r.structure.reseaux_porteurs ?? []).some((n) => networks.includes(n))) &&
        inTerritory(r.structure.code_insee),
    );
    if (dedupe) records = withoutDuplicates(records);
    const result = paginate(records, page, size);
    return { ...result, items: result.items.map((r) => listedStructure(world, r)) };
  });

  app.get('/api/v1/structures/:id', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const record = world.structureById.get((request.params as { id: string }).id);
    if (!record) return reply.code(404).send({ detail: 'Not Found' });
    return detailedStructure(world, record);
  });
}
