import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foldName, geography, slugify } from '../../geography/index.js';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { allValues, encodeQuery, lastValue, type Query } from '../http/query.js';
import { NETWORKS, PERIMETER_KINDS, PRESTA_TYPES, SECTORS, SIAE_KINDS, TENDER_AMOUNTS, TENDER_KINDS } from './reference.js';
import type { MarcheWorld, Siae } from './world.js';

export interface LemarcheOptions {
  /** The one API key the sandbox accepts (64+ alphanumeric characters, like the real ones). */
  apiKey: string;
}

const DEFAULT_LIMIT = 100;
const MAX_AUTOCOMPLETE = 20;

interface Perimeter {
  id: number;
  name: string;
  slug: string;
  kind: 'CITY' | 'DEPARTMENT' | 'REGION';
  insee_code: string;
  post_codes: string[];
  department_code: string;
  region_code: string;
}

function buildPerimeters(): Perimeter[] {
  const g = geography();
  let id = 1;
  const regions = g.regions.map((r): Perimeter => ({
    id: id++,
    name: r.name,
    slug: `${slugify(r.name)}-region`,
    kind: 'REGION',
    insee_code: `R${r.code}`,
    post_codes: [],
    department_code: '',
    region_code: '',
  }));
  const departments = g.departments.map((d): Perimeter => ({
    id: id++,
    name: d.name,
    slug: slugify(d.name),
    kind: 'DEPARTMENT',
    insee_code: d.code,
    post_codes: [],
    department_code: '',
    region_code: d.regionCode,
  }));
  const cities = g.communes
    .filter((c) => c.kind === 'commune')
    .map((c): Perimeter => ({
      id: id++,
      name: c.name,
      slug: `${slugify(c.name)}-${c.departmentCode.toLowerCase()}`,
      kind: 'CITY',
      insee_code: c.code,
      post_codes: [...c.postalCodes],
      department_code: c.departmentCode,
      region_code: c.regionCode,
    }));
  return [...regions, ...departments, ...cities];
}

/** `limit`/`offset` as DRF reads them: bad values silently fall back to the defaults. */
function pageParams(query: Query): { limit: number; offset: number } {
  const limit = Number(lastValue(query, 'limit'));
  const offset = Number(lastValue(query, 'offset'));
  return {
    limit: Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_LIMIT,
    offset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
  };
}

/** A 32-bit FNV-1a hash, to order ties reproducibly. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The list as PostgreSQL returns it for `ORDER BY name LIMIT l OFFSET o`: names in order, but
 * SIAE of the same name in an order that depends on how many rows the query sorts (its top-N
 * sort), so that two pages may disagree about them: one SIAE on both, another on neither.
 */
function orderedForWindow(items: Siae[], window: { limit: number; offset: number }): Siae[] {
  const rows = window.limit + window.offset;
  const out = [...items];
  for (let start = 0; start < out.length;) {
    let end = start + 1;
    while (end < out.length && out[end]!.name === out[start]!.name) end++;
    if (end - start > 1) {
      const ties = out.slice(start, end).sort((a, b) => hash(`${a.id}:${rows}`) - hash(`${b.id}:${rows}`));
      out.splice(start, ties.length, ...ties);
    }
    start = end;
  }
  return out;
}

export function createLemarcheApp(world: MarcheWorld, controls: SandboxControls, options: LemarcheOptions): FastifyInstance {
  const app = createSimulatorApp('lemarche', controls, {
    status: (status) =>
      status >= 500 ? { contentType: 'text/html', body: '<h1>Server Error (500)</h1>' } : jsonBody({ detail: 'Erreur.' }),
    rateLimited: () => jsonBody({ detail: 'Requête ralentie.' }),
  });
  // The API never shows OPCS structures.
  const visibleSiaes = world.siaes.filter((s) => s.kind !== 'OPCS');
  const bySiret = new Map<string, Siae[]>();
  for (const s of visibleSiaes) bySiret.set(s.siret, [...(bySiret.get(s.siret) ?? []), s]);
  const perimeters = buildPerimeters();

  function authenticate(request: FastifyRequest, reply: FastifyReply): boolean {
    const english = (request.headers['accept-language'] ?? '').toLowerCase().startsWith('en');
    const header = request.headers.authorization ?? '';
    let detail: string | undefined;
    if (!header.startsWith('Bearer ')) {
      detail = english ? 'Authentication credentials were not provided.' : "Informations d'authentification non fournies.";
    } else {
      const token = header.slice('Bearer '.length);
      if (token.length < 64) detail = 'Token too short. Possible security issue detected.';
      else if (!/^[A-Za-z0-9]+$/.test(token)) detail = 'Token contains invalid characters. Possible security issue detected.';
      else if (token !== options.apiKey) detail = 'Invalid or expired token';
    }
    if (detail === undefined) return true;
    void reply.code(401).header('www-authenticate', 'Bearer realm="api"').send({ detail });
    return false;
  }

  function page<T>(request: FastifyRequest, items: T[]) {
    const query = request.query as Query;
    const { limit, offset } = pageParams(query);
    const base = `${request.protocol}://${request.host}${request.url.split('?', 1)[0]}`;
    const link = (o: number) => `${base}?${encodeQuery({ ...query, limit, offset: o > 0 ? o : undefined })}`;
    return {
      count: items.length,
      next: offset + limit < items.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      results: items.slice(offset, offset + limit),
    };
  }

  function choiceList(path: string, items: unknown[]): void {
    app.get(path, async (request, reply) => (authenticate(request, reply) ? page(request, items) : reply));
  }

  /** django-filter in strict mode: an unknown choice is a 400 keyed by field. */
  function invalidChoices(query: Query): Record<string, string[]> | undefined {
    const errors: Record<string, string[]> = {};
    const check = (name: string, allowed: string[]) => {
      const bad = allValues(query, name).filter((v) => !allowed.includes(v));
      if (bad.length > 0) errors[name] = [`Sélectionnez un choix valide. ${bad[0]} n’en fait pas partie.`];
    };
    check(
      'kind',
      SIAE_KINDS.map((k) => k.id),
    );
    check(
      'presta_types',
      PRESTA_TYPES.map((p) => p.id),
    );
    check(
      'sectors',
      SECTORS.map((s) => s.slug),
    );
    check(
      'networks',
      NETWORKS.map((n) => n.slug),
    );
    for (const name of ['updated_at_after', 'updated_at_before']) {
      const value = lastValue(query, name);
      if (value !== undefined && Number.isNaN(Date.parse(value))) errors[name] = ['Saisissez une date/heure valide.'];
    }
    const active = lastValue(query, 'is_active');
    if (active !== undefined && !['true', 'false', '1', '0', 'True', 'False'].includes(active))
      errors.is_active = ['Sélectionnez un choix valide.'];
    return Object.keys(errors).length > 0 ? errors : undefined;
  }

  const listSiaes = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authenticate(request, reply)) return reply;
    const query = request.query as Query;
    const errors = invalidChoices(query);
    if (errors) return reply.code(400).send(errors);
    const kinds = allValues(query, 'kind');
    const presta = allValues(query, 'presta_types');
    const sectors = allValues(query, 'sectors');
    const networks = allValues(query, 'networks');
    const department = lastValue(query, 'department');
    const active = lastValue(query, 'is_active');
    const after = lastValue(query, 'updated_at_after');
    const before = lastValue(query, 'updated_at_before');
    const items = visibleSiaes.filter(
      (s) =>
        (kinds.length === 0 || kinds.includes(s.kind)) &&
        (presta.length === 0 || s.presta_types.some((p) => presta.includes(p))) &&
        (sectors.length === 0 || s.sectors.some((x) => sectors.includes(x.slug))) &&
        (networks.length === 0 || s.networks.some((x) => networks.includes(x.slug))) &&
        (department === undefined || department === '' || s.department === department) &&
        (active === undefined || s.is_active === ['true', '1', 'True'].includes(active)) &&
        (after === undefined || (s.updated_at !== null && Date.parse(s.updated_at) >= Date.parse(after))) &&
        (before === undefined || (s.updated_at !== null && Date.parse(s.updated_at) <= Date.parse(before))),
    );
    return page(request, orderedForWindow(items, pageParams(query)));
  };
  app.get('/api/siae/', listSiaes);
  // DRF's format suffix: the same list as JSON.
  app.get('/api/siae.json', listSiaes);

  choiceList(
    '/api/siae/kinds/',
    SIAE_KINDS.map((k) => ({ ...k })),
  );
  choiceList('/api/siae/presta-types/', PRESTA_TYPES);
  choiceList('/api/sectors/', SECTORS);
  choiceList('/api/networks/', NETWORKS);
  choiceList('/api/perimeters/kinds/', PERIMETER_KINDS);
  choiceList('/api/tenders/kinds/', TENDER_KINDS);
  choiceList('/api/tenders/amounts/', TENDER_AMOUNTS);

  app.get('/api/siae/siret/:siret/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { siret } = request.params as { siret: string };
    if (siret.length !== 14) return reply.code(400).type('text/html; charset=utf-8').send('siret must be 14 caracters long');
    return bySiret.get(siret) ?? [];
  });

  app.get('/api/siae/siren/:siren/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { siren } = request.params as { siren: string };
    if (siren.length !== 9) return reply.code(400).type('text/html; charset=utf-8').send('siren must be 9 caracters long');
    return visibleSiaes.filter((s) => s.siret.startsWith(siren));
  });

  app.get('/api/siae/slug/:slug/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const found = visibleSiaes.find((s) => s.slug === (request.params as { slug: string }).slug);
    return found ?? reply.code(404).send({ detail: 'No Siae matches the given query.' });
  });

  app.get('/api/siae/:id/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { id } = request.params as { id: string };
    if (!/^\d+$/.test(id)) return reply.code(404).send({ detail: 'Non trouvé.' });
    const found = world.byId.get(Number(id));
    return found && found.kind !== 'OPCS' ? found : reply.code(404).send({ detail: 'No Siae matches the given query.' });
  });

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
    let found: Perimeter[];
    if (/^\d+$/.test(q)) {
      found =
        q.length === 5
          ? pool.filter((p) => p.post_codes.includes(q))
          : q.length === 2
            ? pool.filter((p) => (p.kind === 'DEPARTMENT' && p.insee_code === q) || (p.post_codes[0] ?? '').startsWith(q))
            : pool.filter((p) => (p.post_codes[0] ?? '').startsWith(q));
    } else {
      const folded = foldName(q);
      found = pool
        .map((p) => ({ p, name: foldName(p.name) }))
        .filter(({ name }) => name.includes(folded))
        .sort(
          (a, b) =>
            Number(b.name === folded) - Number(a.name === folded) ||
            Number(b.name.startsWith(folded)) - Number(a.name.startsWith(folded)) ||
            a.name.length - b.name.length,
        )
        .map(({ p }) => p);
    }
    return found.slice(0, wanted);
  });

  app.post('/api/tenders/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    const required = 'Ce champ est obligatoire.';
    for (const field of ['title', 'description', 'contact_first_name', 'contact_last_name', 'contact_email']) {
      if (typeof body[field] !== 'string' || body[field] === '') errors[field] = [required];
    }
    if (!TENDER_KINDS.some((k) => k.id === body.kind)) errors.kind = [`« ${String(body.kind)} » n’est pas un choix valide.`];
    if (!Array.isArray(body.sectors) || body.sectors.length === 0) errors.sectors = [required];
    else if (body.sectors.some((slug) => !SECTORS.some((s) => s.slug === slug))) errors.sectors = ['Objet avec slug inexistant.'];
    if (typeof body.location !== 'string' || !perimeters.some((p) => p.slug === body.location))
      errors.location = ['Objet avec slug inexistant.'];
    if (typeof body.deadline_date !== 'string' || Number.isNaN(Date.parse(body.deadline_date)))
      errors.deadline_date = ['La date n’a pas le bon format.'];
    if (body.amount !== undefined && !TENDER_AMOUNTS.some((a) => a.id === body.amount))
      errors.amount = [`« ${String(body.amount)} » n’est pas un choix valide.`];
    if (Object.keys(errors).length > 0) return reply.code(400).send(errors);
    const slug = `${slugify(String(body.title))}-${Date.now().toString(36)}`;
    return reply.code(201).send({ ...body, slug });
  });

  // Undocumented aggregate counts for a sector and perimeter.
  app.get('/api/inclusive-potential/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const query = request.query as Query;
    const sector = SECTORS.find((s) => s.slug === lastValue(query, 'sector'));
    if (!sector) return reply.code(400).send({ error: 'Secteur d’activité introuvable.' });
    const perimeterSlug = lastValue(query, 'perimeter');
    const perimeter = perimeterSlug === undefined ? undefined : perimeters.find((p) => p.slug === perimeterSlug);
    if (perimeterSlug !== undefined && !perimeter) return reply.code(400).send({ error: 'Périmètre introuvable.' });
    const inSector = visibleSiaes.filter((s) => s.sectors.some((x) => x.slug === sector.slug));
    const local = perimeter
      ? inSector.filter((s) =>
          perimeter.kind === 'CITY'
            ? perimeter.post_codes.includes(s.post_code)
            : perimeter.kind === 'DEPARTMENT'
              ? s.department === perimeter.insee_code
              : s.region === perimeter.name,
        )
      : inSector;
    return {
      sector: sector.name,
      sector_slug: sector.slug,
      perimeter: perimeter?.name ?? null,
      perimeter_slug: perimeter?.slug ?? null,
      potential_siaes: inSector.length,
      insertion_siaes: inSector.filter((s) => s.kind_parent === 'Insertion').length,
      handicap_siaes: inSector.filter((s) => s.kind_parent === 'Handicap').length,
      local_siaes: local.length,
      siaes_with_super_badge: 0,
      employees_insertion_average: 12,
      employees_permanent_average: 4,
    };
  });

  app.setNotFoundHandler(async (request, reply) => {
    const [path, query] = request.url.split('?', 2);
    const suffix = query ? `?${query}` : '';
    const legacy = /^\/api\/siaes\/siret\/([^/]+)\/?$/.exec(path!);
    if (legacy) return reply.code(301).header('location', `/api/siae/siret/${legacy[1]}/${suffix}`).send();
    // Django's APPEND_SLASH: a known route without its trailing slash is redirected.
    if (request.method === 'GET' && !path!.endsWith('/')) return reply.code(301).header('location', `${path}/${suffix}`).send();
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<h1>Not Found</h1><p>The requested resource was not found on this server.</p>');
  });

  return app;
}
