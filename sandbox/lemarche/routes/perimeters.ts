import type { FastifyInstance } from 'fastify';
import { allValues, lastValue, type Query } from '../../http/query.js';
import type { LemarcheContext } from '../context.js';
import { page } from '../paging.js';
import { autocomplete } from '../perimeters.js';
import { PERIMETER_KINDS } from '../reference.js';

const MAX_AUTOCOMPLETE = 20;

/** Perimeters: the list by kind, and the autocomplete. */
export function registerPerimeterRoutes(app: FastifyInstance, { perimeters, authenticate }: LemarcheContext): void {
  app.get('/api/perimeters/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const kinds = allValues(request.query as Query, 'kind');
    const bad = kinds.find((k) => !PERIMETER_KINDS.some((p) => p.id === k));
    if (bad) return reply.code(400).send({ kind: [`Sélectionnez un choix valide. ${bad} n’en fait pas partie.`] });
    return page(request, kinds.length === 0 ? perimeters : perimeters.filter((p) => kinds.includes(p.kind)));
  });

  // Open to anonymous callers; never paginated.
  app.get('/api/perimeters/autocomplete/', async (request, reply) => {
    const query = request.query as Query;
    const q = (lastValue(query, 'q') ?? '').trim();
    if (q === '') return reply.code(400).send({ q: ['Ce champ est obligatoire.'] });
    const kind = lastValue(query, 'kind');
    const wanted = Math.min(MAX_AUTOCOMPLETE, Number(lastValue(query, 'results')) || MAX_AUTOCOMPLETE);
    const pool = kind ? perimeters.filter((p) => p.kind === kind) : perimeters;
    return autocomplete(pool, q).slice(0, wanted);
  });
}
