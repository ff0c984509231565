import type { FastifyInstance } from 'fastify';
import { lastValue, type Query } from '../../http/query.js';
import { foldName, geography, slugify } from '../../product.js';
import { PUBLIC_HOST } from '../render.js';

/** Spatial zones (France, regions, departments, communes) from the embedded geography. */
export function registerSpatialRoutes(app: FastifyInstance): void {
  app.get('/api/1/spatial/zones/:ids/', async (request, reply) => {
    const features = (request.params as { ids: string }).ids.split(',').map((id) => zoneFeature(id.replace(/@.*$/, '')));
    // The real code indexes a dict by id: one unknown id breaks the whole answer.
    if (features.some((f) => f === undefined)) return reply.code(500).send({ message: 'Internal server error' });
    return { type: 'FeatureCollection', features };
  });
  app.get(
    '/api/1/spatial/zone/:id/',
    async (request, reply) =>
      zoneFeature((request.params as { id: string }).id.replace(/@.*$/, '')) ?? reply.code(404).send({ message: 'Not found' }),
  );
  app.get('/api/1/spatial/zones/suggest/', async (request) => suggestZones(request.query as Query));
  app.get('/api/1/spatial/levels/', async () => [
    { id: 'country', name: 'Pays' },
    { id: 'fr:region', name: 'Région' },
    { id: 'fr:departement', name: 'Département' },
    { id: 'fr:commune', name: 'Commune' },
  ]);
  app.get('/api/1/spatial/granularities/', async () =>
    ['country', 'fr:region', 'fr:departement', 'fr:epci', 'fr:commune', 'poi', 'other'].map((id) => ({ id, name: id })),
  );
}

/** A zone (`country:fr`, `fr:region:52`, `fr:departement:44`, `fr:commune:44109`) as GeoJSON, without geometry. */
function zoneFeature(id: string) {
  const g = geography();
  const [, level, code] = /^(?:fr:(commune|departement|region)|country):?(.*)$/.exec(id) ?? [];
  const name =
    id === 'country:fr'
      ? 'France'
      : level === 'commune'
        ? g.commune(code ?? '')?.name
        : level === 'departement'
          ? g.department(code ?? '')?.name
          : level === 'region'
            ? g.region(code ?? '')?.name
            : undefined;
  if (!name) return undefined;
  return {
    type: 'Feature',
    id,
    geometry: { type: null, coordinates: null },
    properties: {
      slug: slugify(name),
      name,
      code: id === 'country:fr' ? 'fr' : code,
      uri: `${PUBLIC_HOST}/api/1/spatial/zone/${id}/`,
      level: id === 'country:fr' ? 'country' : `fr:${level}`,
    },
  };
}

function suggestZones(query: Query) {
  const q = foldName(lastValue(query, 'q') ?? '');
  const size = Number(lastValue(query, 'size')) || 10;
  const g = geography();
  const candidates = [
    ...g.regions.map((r) => ({ id: `fr:region:${r.code}`, name: r.name, code: r.code, level: 'fr:region' })),
    ...g.departments.map((d) => ({ id: `fr:departement:${d.code}`, name: d.name, code: d.code, level: 'fr:departement' })),
    ...g.communes
      .filter((c) => c.kind === 'commune')
      .map((c) => ({ id: `fr:commune:${c.code}`, name: c.name, code: c.code, level: 'fr:commune' })),
  ];
  return candidates
    .filter((z) => q !== '' && (foldName(z.name).includes(q) || z.code === q))
    .slice(0, size)
    .map((z) => ({ ...z, uri: `${PUBLIC_HOST}/api/1/spatial/zone/${z.id}/` }));
}
