import type { FastifyInstance } from 'fastify';
import type { Query } from '../../http/query.js';
import { geography, type Commune } from '../../product.js';
import { communeCentre, distanceKm, type Point } from '../../seed/places.js';
import { visible, type DataInclusionContext } from '../context.js';
import { detailedService, fromBestStructures } from '../duplicates.js';
import { paginate, rejectIssues, serviceFilter } from '../filters.js';
import { FastApiParams } from '../params.js';
import type { DiService } from '../world.js';

const SEARCH_RADIUS_KM = 50;

interface Found {
  service: DiService;
  /** Kilometres from the origin, truncated; null for services not given in person nearby. */
  distance: number | null;
}

/**
 * `/api/v1/search/services`: the services open to a commune's inhabitants (eligibility zones),
 * given within 50 km of it or remotely, nearest first; without a commune, every service.
 */
export function registerServiceSearchRoute(app: FastifyInstance, { world, authenticate }: DataInclusionContext): void {
  app.get('/api/v1/search/services', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const params = new FastApiParams(request.query as Query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const codeCommune = params.string('code_commune', /^\w{5}$/);
    const lat = params.number('lat');
    const lon = params.number('lon');
    const matches = serviceFilter(params);
    const dedupe = params.bool('exclure_doublons') ?? false;
    if (rejectIssues(params, reply)) return reply;
    if ((lat === undefined) !== (lon === undefined)) {
      return reply.code(422).send({ detail: 'The `lat` and `lon` must be simultaneously filled.' });
    }
    const candidates = world.services.filter((s) => visible(caller, s.source) && matches(s));
    if (codeCommune === undefined) {
      return paginate(
        (dedupe ? fromBestStructures(world, candidates, (s) => s) : candidates).map((s) => ({
          service: detailedService(world, s),
          distance: null,
        })),
        page,
        size,
      );
    }
    const commune = geography().commune(codeCommune);
    if (!commune) return reply.code(422).send({ detail: 'This `code_commune` does not exist.' });
    const origin: Point =
      lat !== undefined && lon !== undefined ? { latitude: lat, longitude: lon } : communeCentre(commune.code, commune.departmentCode);
    let results = servicesAround(candidates, commune, origin);
    if (dedupe) results = fromBestStructures(world, results, (r) => r.service);
    results.sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || (a.service.id < b.service.id ? -1 : 1));
    const pageResult = paginate(results, page, size);
    return { ...pageResult, items: pageResult.items.map((r) => ({ service: detailedService(world, r.service), distance: r.distance })) };
  });
}

/** The candidates open to the commune's inhabitants and given near `origin` or remotely, in their order. */
function servicesAround(candidates: DiService[], commune: Commune, origin: Point): Found[] {
  const zones = new Set([commune.code, commune.departmentCode, commune.epciCode ?? '', '99100', 'france']);
  const results: Found[] = [];
  for (const s of candidates) {
    if (s.zone_eligibilite && !s.zone_eligibilite.some((z) => zones.has(z))) continue;
    const remote = (s.modes_accueil ?? []).includes('a-distance');
    const km =
      s.latitude !== null && s.longitude !== null ? distanceKm(origin, { latitude: s.latitude, longitude: s.longitude }) : undefined;
    const near = km !== undefined && km <= SEARCH_RADIUS_KM;
    if (!near && !remote) continue;
    const inPerson = (s.modes_accueil ?? []).includes('en-presentiel');
    results.push({ service: s, distance: near && inPerson ? Math.trunc(km!) : null });
  }
  return results;
}
