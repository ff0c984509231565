import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { geography, slugify } from '../../geography/index.js';
import {
  CATEGORIES,
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUES,
  TYPES_SERVICES,
} from '../../sources/data-inclusion/vocabulary.js';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import type { Query } from '../http/query.js';
import { verifyJwt } from '../jwt.js';
import { communeCentre, distanceKm, type Point } from '../seed/places.js';
import { FastApiParams } from './params.js';
import { structureScore, type DataInclusionWorld, type DiService, type DiStructure, type StructureRecord } from './world.js';

export interface DataInclusionOptions {
  /** Secret the sandbox signs its data·inclusion tokens with. */
  jwtSecret: string;
}

const SOURCES = [
  'action-logement',
  'agefiph',
  'cd35',
  'dora',
  'emplois-de-linclusion',
  'france-travail',
  'mission-locale',
  'mediation-numerique',
  'mes-aides',
  'monenfant',
  'reseau-alpha',
  'soliguide',
  'fredo',
  'carif-oref',
  'ma-boussole-aidants',
  'finess',
];

const REFERENTIALS: Record<string, readonly string[]> = {
  frais: FRAIS,
  'modes-accueil': MODES_ACCUEIL,
  'modes-mobilisation': MODES_MOBILISATION,
  'personnes-mobilisatrices': PERSONNES_MOBILISATRICES,
  publics: PUBLICS,
  'reseaux-porteurs': RESEAUX_PORTEURS,
  thematiques: THEMATIQUES,
  'types-services': TYPES_SERVICES,
};

const SEARCH_RADIUS_KM = 50;

/** Regions and departments data·inclusion knows: metropolitan France and the five DROM. */
function territories() {
  const g = geography();
  const regions = g.regions.filter((r) => r.zone !== 'com');
  const departments = g.departments.filter((d) => d.zone !== 'com');
  return {
    regionCodes: regions.map((r) => r.code),
    regionSlugs: regions.map((r) => slugify(r.name)),
    regionBySlug: new Map(regions.map((r) => [slugify(r.name), r.code])),
    departmentCodes: departments.map((d) => d.code),
    departmentSlugs: departments.map((d) => slugify(d.name)),
    departmentBySlug: new Map(departments.map((d) => [slugify(d.name), d.code])),
  };
}

function humanLabel(value: string): string {
  const last = value.split('--').pop()!.replace(/-/g, ' ');
  return last.charAt(0).toUpperCase() + last.slice(1);
}

/** The fields of a base structure, without the API's additions. */
function baseStructure(s: DiStructure): Omit<DiStructure, 'adresse_certifiee'> {
  const { adresse_certifiee: _certified, ...base } = s;
  return base;
}

interface Caller {
  seesSoliguide: boolean;
}

export function createDataInclusionApp(
  world: DataInclusionWorld,
  controls: SandboxControls,
  options: DataInclusionOptions,
): FastifyInstance {
  const app = createSimulatorApp('data-inclusion', controls, {
    status: (status) => jsonBody({ detail: injectedDetail(status) }),
    rateLimited: () => jsonBody({ detail: 'Too Many Requests' }),
  });
  const t = territories();
  const g = geography();

  /** Checks the bearer token as the API's auth dependency does; answers 401/403 itself. */
  function authenticate(request: FastifyRequest, reply: FastifyReply): Caller | undefined {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(.+)$/i);
    if (!match) {
      void reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'Not authenticated' });
      return undefined;
    }
    const payload = verifyJwt(match[1]!, options.jwtSecret);
    if (!payload || typeof payload.sub !== 'string') {
      void reply.code(401).send({ detail: 'Unauthorized' });
      return undefined;
    }
    const scopes = Array.isArray(payload.scopes) ? payload.scopes : [];
    if (!scopes.includes('api')) {
      void reply.code(403).send({ detail: 'Forbidden' });
      return undefined;
    }
    return { seesSoliguide: payload.sub.startsWith('dora-') || payload.sub === 'les-emplois-2025-04-10' };
  }

  // FastAPI declares routes without a trailing slash and redirects the slashed form (307).
  app.addHook('onRequest', async (request, reply) => {
    const [path, query] = request.url.split('?', 2) as [string, string | undefined];
    if (path.length > 1 && path.endsWith('/')) {
      return reply
        .code(307)
        .header('location', path.slice(0, -1) + (query ? `?${query}` : ''))
        .send();
    }
    return undefined;
  });

  function rejectIssues(params: FastApiParams, reply: FastifyReply): boolean {
    if (params.issues.length === 0) return false;
    void reply.code(422).send({ detail: params.issues });
    return true;
  }

  function paginate<T>(items: T[], page: number, size: number) {
    const slice = items.slice((page - 1) * size, page * size);
    return { items: slice, total: items.length, page, size: slice.length, pages: Math.ceil(items.length / size) };
  }

  function regionOf(codeInsee: string | null): string | undefined {
    return codeInsee ? g.commune(codeInsee)?.regionCode : undefined;
  }

  function listedStructure(record: StructureRecord) {
    const others = record.cluster ? (world.clusters.get(record.cluster) ?? []).filter((o) => o !== record) : [];
    return {
      ...record.structure,
      score_qualite: structureScore(record),
      doublons: others.map((o) => ({ source: o.structure.source, id: o.structure.id })),
    };
  }

  function detailedService(service: DiService) {
    return { ...service, structure: world.structureById.get(service.structure_id)!.structure };
  }

  /**
   * Best member of each duplicate cluster: highest score, then most recent update. The API
   * selects them with `DISTINCT ON (coalesce(cluster, id))`, so the page is ordered by that key.
   */
  function withoutDuplicates(records: StructureRecord[]): StructureRecord[] {
    const best = new Map<string, StructureRecord>();
    for (const r of records) {
      if (!r.cluster) continue;
      const current = best.get(r.cluster);
      if (
        !current ||
        structureScore(r) > structureScore(current) ||
        (structureScore(r) === structureScore(current) && r.structure.date_maj > current.structure.date_maj)
      ) {
        best.set(r.cluster, r);
      }
    }
    const clusterKey = (r: StructureRecord) => r.cluster ?? r.structure.id;
    return records
      .filter((r) => !r.cluster || best.get(r.cluster) === r)
      .sort((a, b) => (clusterKey(a) < clusterKey(b) ? -1 : clusterKey(a) > clusterKey(b) ? 1 : 0));
  }

  /**
   * Services of the best structure of each duplicate cluster among those the search found (the
   * API ranks the structures of the matching rows, so a cluster's best member without a
   * matching service leaves the place to the next).
   */
  function fromBestStructures<T>(results: T[], serviceOf: (result: T) => DiService): T[] {
    const present = new Set(results.map((r) => serviceOf(r).structure_id));
    const records = world.structures.filter((r) => present.has(r.structure.id));
    const kept = new Set(withoutDuplicates(records).map((r) => r.structure.id));
    return results.filter((r) => kept.has(serviceOf(r).structure_id));
  }

  /** Geographic filters shared by list endpoints; an issue is recorded on bad values. */
  function territoryFilter(params: FastApiParams) {
    const codeRegion =
      params.enumValue('code_region', t.regionCodes) ?? t.regionBySlug.get(params.enumValue('slug_region', t.regionSlugs) ?? '');
    const codeDepartement =
      params.enumValue('code_departement', t.departmentCodes) ??
      t.departmentBySlug.get(params.enumValue('slug_departement', t.departmentSlugs) ?? '');
    const codeCommune = params.string('code_commune', /^\w{5}$/);
    return (codeInsee: string | null) =>
      (codeRegion === undefined || regionOf(codeInsee) === codeRegion) &&
      (codeDepartement === undefined || (codeInsee ?? '').startsWith(codeDepartement)) &&
      (codeCommune === undefined || codeInsee === codeCommune);
  }

  /** Service filters shared by /services, /search/services and /search. */
  function serviceFilter(params: FastApiParams) {
    const sources = params.stringList('sources');
    const themes = params.enumList('thematiques', [...THEMATIQUES, ...CATEGORIES]);
    const wantedThemes =
      themes && new Set(themes.flatMap((v) => (v.includes('--') ? [v] : THEMATIQUES.filter((th) => th.startsWith(`${v}--`)))));
    const frais = params.enumList('frais', FRAIS);
    const publics = params.enumList('publics', PUBLICS);
    const publicsFilter = publics && !publics.includes('tous-publics') ? new Set(publics) : undefined;
    const recherchePublic = params.string('recherche_public');
    const modes = params.enumList('modes_accueil', MODES_ACCUEIL);
    const types = params.enumList('types', TYPES_SERVICES);
    const minimumScore = params.number('score_qualite_minimum');
    return (s: DiService) =>
      (!sources || sources.includes(s.source)) &&
      (!wantedThemes || (s.thematiques ?? []).some((th) => wantedThemes.has(th))) &&
      (!frais || (s.frais !== null && frais.includes(s.frais))) &&
      (!publicsFilter || (s.publics ?? []).some((p) => p === 'tous-publics' || publicsFilter.has(p))) &&
      (!recherchePublic || matchesWords(`${(s.publics ?? []).join(' ')} ${s.publics_precisions ?? ''}`, recherchePublic)) &&
      (!modes || (s.modes_accueil ?? []).some((m) => modes.includes(m))) &&
      (!types || (s.type !== null && types.includes(s.type))) &&
      (minimumScore === undefined || s.score_qualite >= minimumScore);
  }

  function visible(caller: Caller, source: string): boolean {
    return caller.seesSoliguide || source !== 'soliguide';
  }

  app.get('/api/v1/structures', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const params = new FastApiParams(request.query as Query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const sources = params.stringList('sources');
    const networks = params.enumList('reseaux_porteurs', RESEAUX_PORTEURS);
    const inTerritory = territoryFilter(params);
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
    return { ...result, items: result.items.map(listedStructure) };
  });

  app.get('/api/v1/structures/:id', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const record = world.structureById.get((request.params as { id: string }).id);
    if (!record) return reply.code(404).send({ detail: 'Not Found' });
    const others = record.cluster ? (world.clusters.get(record.cluster) ?? []).filter((o) => o !== record) : [];
    return {
      ...record.structure,
      score_qualite: structureScore(record),
      doublons: others.map((o) => baseStructure(o.structure)),
      services: record.services,
    };
  });

  app.get('/api/v1/services', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const query = request.query as Query;
    const params = new FastApiParams(query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const inTerritory = territoryFilter(params);
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
    return detailedService(service);
  });

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
        (dedupe ? fromBestStructures(candidates, (s) => s) : candidates).map((s) => ({ service: detailedService(s), distance: null })),
        page,
        size,
      );
    }
    const commune = g.commune(codeCommune);
    if (!commune) return reply.code(422).send({ detail: 'This `code_commune` does not exist.' });
    const origin: Point =
      lat !== undefined && lon !== undefined ? { latitude: lat, longitude: lon } : communeCentre(commune.code, commune.departmentCode);
    const zones = new Set([commune.code, commune.departmentCode, commune.epciCode ?? '', '99100', 'france']);
    let results: { service: DiService; distance: number | null }[] = [];
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
    if (dedupe) results = fromBestStructures(results, (r) => r.service);
    results.sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || (a.service.id < b.service.id ? -1 : 1));
    const pageResult = paginate(results, page, size);
    return { ...pageResult, items: pageResult.items.map((r) => ({ service: detailedService(r.service), distance: r.distance })) };
  });

  app.get('/api/v1/search', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const params = new FastApiParams(request.query as Query);
    const page = params.int('page', 1, { ge: 1 });
    const size = params.int('size', 5000, { ge: 1, le: 10000 });
    const q = params.string('q');
    const inTerritory = territoryFilter(params);
    const matches = serviceFilter(params);
    if (rejectIssues(params, reply)) return reply;
    const found = world.services
      .filter((s) => visible(caller, s.source) && inTerritory(s.code_insee) && matches(s))
      .filter((s) => !q || matchesWords(`${s.nom} ${s.description} ${(s.thematiques ?? []).join(' ')}`, q))
      .sort((a, b) => b.score_qualite - a.score_qualite || (a.id < b.id ? -1 : 1));
    const result = paginate(found, page, size);
    return { ...result, items: result.items.map((s) => ({ service: detailedService(s), distance: null, score_recherche: q ? 1 : null })) };
  });

  app.get('/api/v1/sources', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    return SOURCES.map((slug) => ({ slug, nom: humanLabel(slug), description: null }));
  });

  app.get('/api/v1/doc/:referential', async (request, reply) => {
    const values = REFERENTIALS[(request.params as { referential: string }).referential];
    if (!values) return reply.code(404).send({ detail: 'Not Found' });
    return [...values].sort().map((value) => ({ value, label: humanLabel(value), description: null }));
  });

  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not Found' }));

  return app;
}

/**
 * The `detail` of an injected error, as FastAPI writes it: a validation array for 422 (the
 * framework's usual 422), Starlette's status phrase for other client errors.
 */
function injectedDetail(status: number): unknown {
  if (status >= 500) return 'Internal Server Error';
  if (status === 422) {
    const params = new FastApiParams({ frais: 'injected' });
    params.enumList('frais', FRAIS);
    return params.issues;
  }
  return STATUS_CODES[status] ?? 'Error';
}

/** Every word of `query` appears in `text`, ignoring accents and case. */
function matchesWords(text: string, query: string): boolean {
  const haystack = slugify(text);
  return slugify(query)
    .split('-')
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
