import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foldName, geography, slugify } from '../../geography/index.js';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { allValues, encodeQuery, lastValue, type Query } from '../http/query.js';
import { notFound, PUBLIC_HOST, renderDataset, renderDiscussion, renderOrganization, SANDBOX_USER, userRef } from './render.js';
import { FREQUENCIES, LICENSES, type DatagouvWorld, type DatasetRecord } from './world.js';
import { registerDatasetWrites } from './writes.js';

export interface DatagouvOptions {
  /** API keys the sandbox accepts, each belonging to the sandbox user. */
  apiKeys: string[];
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
const SORTS = ['title', 'created', 'last_update', 'reuses', 'followers', 'views'];
/** The text a MongoDB text index matches: title, description and tags, without accents. */
function searchable(d: DatasetRecord): string {
  return foldName(`${d.title} ${d.description} ${d.tags.join(' ')}`);
}

export function createDatagouvApp(
  world: DatagouvWorld,
  controls: SandboxControls,
  options: DatagouvOptions,
): FastifyInstance & { resetWrites(): void } {
  const app = createSimulatorApp('datagouv', controls, {
    status: (status) => jsonBody({ message: status >= 500 ? 'Internal server error' : 'Error', status }),
    rateLimited: () => jsonBody({ message: 'Too many requests' }),
  });
  // Bodies reach the write routes as text, whatever their type, so that they answer a wrong
  // Content-Type or broken JSON as udata does.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  let created: DatasetRecord[] = [];
  const all = () => [...created, ...world.datasets];
  const indexText = new Map(world.datasets.map((d) => [d.id, searchable(d)]));

  function findDataset(key: string): DatasetRecord | undefined {
    return all().find((d) => d.id === key || d.slug === key);
  }

  /** A key is checked on every route, reads included; an empty header is ignored. */
  function caller(request: FastifyRequest, reply: FastifyReply, required: boolean): 'anonymous' | 'user' | undefined {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && key !== '') {
      if (options.apiKeys.includes(key)) return 'user';
      void reply.code(401).send({ message: 'Invalid API token' });
      return undefined;
    }
    if (!required) return 'anonymous';
    void reply.code(401).header('www-authenticate', 'Bearer realm="uData"').send({
      message:
        "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
    });
    return undefined;
  }

  const serialize = (d: DatasetRecord, version: 1 | 2) => renderDataset(world, d, version);

  /** `page`/`page_size` must be positive integers (400 otherwise); a page past the end is a 404. */
  function paginate<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    items: T[],
    defaultSize: number,
    render: (item: T) => unknown,
    emptyPageIs404 = true,
  ) {
    const query = request.query as Query;
    const errors: Record<string, string> = {};
    const read = (name: string, fallback: number) => {
      const raw = lastValue(query, name);
      if (raw === undefined) return fallback;
      if (!/^\d+$/.test(raw) || Number(raw) < 1) {
        errors[name] =
          `${name === 'page' ? 'The page to fetch' : 'The page size to fetch'} Invalid literal for int() with base 10: '${raw}'`;
        return fallback;
      }
      return Number(raw);
    };
    const page = read('page', 1);
    const pageSize = read('page_size', defaultSize);
    if (Object.keys(errors).length > 0) return reply.code(400).send({ errors, message: 'Input payload validation failed' });
    const slice = items.slice((page - 1) * pageSize, page * pageSize);
    if (emptyPageIs404 && slice.length === 0 && page > 1) return reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    const base = `${PUBLIC_HOST}${request.url.split('?', 1)[0]}`;
    const link = (p: number) => `${base}?${encodeQuery({ ...query, page: p })}`;
    return {
      data: slice.map(render),
      page,
      page_size: pageSize,
      total: items.length,
      next_page: page * pageSize < items.length ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
    };
  }

  /** Filters of the dataset lists; a bad value answers 400/401 and returns undefined. */
  function datasetFilter(request: FastifyRequest, reply: FastifyReply, anonymous: boolean): ((d: DatasetRecord) => boolean) | undefined {
    const query = request.query as Query;
    if (anonymous && ['archived', 'deleted', 'private'].some((k) => lastValue(query, k) !== undefined)) {
      void reply.code(401).send({ message: 'Unauthorized' });
      return undefined;
    }
    for (const [key, label] of [
      ['organization', 'Organization'],
      ['owner', 'Owner'],
      ['topic', 'Topic'],
      ['dataservice', 'Dataservice'],
      ['reuse', 'Reuse'],
      ['followed_by', 'Followed_by'],
    ] as const) {
      const value = lastValue(query, key);
      if (value !== undefined && !OBJECT_ID.test(value)) {
        void reply.code(400).send({ message: `${label} arg must be an identifier` });
        return undefined;
      }
    }
    const sort = lastValue(query, 'sort');
    if (sort !== undefined && !SORTS.includes(sort.replace(/^-/, ''))) {
      void reply.code(400).send({
        errors: { sort: `The field to sort on The value '${sort}' is not a valid choice for 'sort'.` },
        message: 'Input payload validation failed',
      });
      return undefined;
    }
    const words = foldName(lastValue(query, 'q') ?? '')
      .split(' ')
      .filter(Boolean);
    const tags = allValues(query, 'tag');
    const geozone = lastValue(query, 'geozone')?.replace(/@.*$/, '');
    const organization = lastValue(query, 'organization');
    const license = lastValue(query, 'license');
    const granularity = lastValue(query, 'granularity');
    const format = lastValue(query, 'format');
    return (d) =>
      !d.deleted &&
      !d.private &&
      !d.archived &&
      (words.length === 0 || words.every((w) => (indexText.get(d.id) ?? searchable(d)).includes(w))) &&
      tags.every((t) => d.tags.includes(t)) &&
      (!geozone || (d.spatial?.zones ?? []).includes(geozone)) &&
      (!organization || d.organizationId === organization) &&
      (!license || d.license === license) &&
      (!granularity || d.spatial?.granularity === granularity) &&
      (!format || d.resources.some((r) => r.format === format));
  }

  function sorted(request: FastifyRequest, items: DatasetRecord[]): DatasetRecord[] {
    const sort = lastValue(request.query as Query, 'sort');
    if (!sort) return items;
    const field = sort.replace(/^-/, '');
    const direction = sort.startsWith('-') ? -1 : 1;
    const value = (d: DatasetRecord): string | number =>
      field === 'title' ? d.title : field === 'created' ? d.created_at : field === 'last_update' ? d.last_update : (d.metrics[field] ?? 0);
    return [...items].sort((a, b) => (value(a) < value(b) ? -direction : value(a) > value(b) ? direction : 0));
  }

  // v1 MongoDB lists 404 past the last page; v2 lists and search return an empty page, and
  // v2 search refuses to go past 10 000 results.
  for (const [path, version] of [
    ['/api/1/datasets/', 1],
    ['/api/2/datasets/', 2],
    ['/api/2/datasets/search/', 2],
  ] as const) {
    app.get(path, async (request, reply) => {
      const who = caller(request, reply, false);
      if (!who) return reply;
      const matches = datasetFilter(request, reply, who === 'anonymous');
      if (!matches) return reply;
      if (path.endsWith('/search/')) {
        const query = request.query as Query;
        const window = (Number(lastValue(query, 'page')) || 1) * (Number(lastValue(query, 'page_size')) || 20);
        if (window > 10_000) return reply.code(400).send({ message: `Result window is too large: ${window} > 10000` });
      }
      const result = paginate(request, reply, sorted(request, all().filter(matches)), 20, (d) => serialize(d, version), version === 1);
      if (result === reply || !path.endsWith('/search/')) return result;
      return { ...result, facets: {} };
    });
  }

  app.get('/api/1/', async (_request, reply) =>
    reply.code(302).header('location', 'https://guides.data.gouv.fr/guide-data.gouv.fr/api').send(),
  );
  app.get('/api/1/datasets/badges/', async () => ({
    'pivotal-data': 'Donnée pivot',
    spd: 'Service public de la donnée',
    inspire: 'Inspire',
    hvd: 'Données de forte valeur',
    sl: 'SL',
    sr: 'SR',
  }));
  app.get('/api/1/organizations/badges/', async () => ({
    'public-service': 'Service public',
    certified: 'Certifiée',
    association: 'Association',
    company: 'Entreprise',
    'local-authority': 'Collectivité territoriale',
  }));
  app.get('/api/1/organizations/roles/', async () => [
    { id: 'admin', label: 'Administrateur' },
    { id: 'editor', label: 'Éditeur' },
    { id: 'partial_editor', label: 'Éditeur partiel' },
  ]);
  app.get('/api/1/datasets/extensions/', async () => [...new Set(world.datasets.flatMap((d) => d.resources.map((r) => r.format)))].sort());
  // The schema catalogue is an external service; the sandbox has none.
  app.get('/api/1/datasets/schemas/', async (_request, reply) => reply.code(503).send({ message: 'Schema catalog unavailable' }));

  app.get('/api/1/datasets/suggest/', async (request) => {
    const query = request.query as Query;
    const q = foldName(lastValue(query, 'q') ?? '');
    const size = Number(lastValue(query, 'size')) || 10;
    return world.datasets
      .filter((d) => q !== '' && !d.deleted && foldName(`${d.title} ${d.acronym ?? ''}`).includes(q))
      .slice(0, size)
      .map((d) => ({
        id: d.id,
        title: d.title,
        acronym: d.acronym,
        slug: d.slug,
        image_url: null,
        page: `${PUBLIC_HOST}/datasets/${d.slug}/`,
      }));
  });

  app.get('/api/1/organizations/suggest/', async (request) => {
    const query = request.query as Query;
    const q = foldName(lastValue(query, 'q') ?? '');
    const size = Number(lastValue(query, 'size')) || 10;
    return world.organizations
      .filter((o) => q !== '' && !o.deleted && foldName(`${o.name} ${o.acronym ?? ''}`).includes(q))
      .slice(0, size)
      .map((o) => ({
        id: o.id,
        name: o.name,
        acronym: o.acronym,
        slug: o.slug,
        image_url: null,
        page: `${PUBLIC_HOST}/organizations/${o.slug}/`,
      }));
  });

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
    if (key !== SANDBOX_USER.id && key !== SANDBOX_USER.slug) return reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    return {
      ...userRef(),
      email: null,
      about: '',
      website: null,
      since: '2020-01-01T00:00:00+00:00',
      metrics: { datasets: created.length, reuses: 0, dataservices: 0, following: 0, followers: 0 },
    };
  });

  app.get('/api/2/datasets/:dataset/extras/', async (request, reply) => {
    const found = findDataset((request.params as { dataset: string }).dataset);
    return found && !found.deleted ? found.extras : reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
  });
  app.get('/api/2/datasets/:dataset/schemas/', async (request, reply) => {
    const found = findDataset((request.params as { dataset: string }).dataset);
    return found && !found.deleted ? [] : reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
  });
  app.get('/api/2/datasets/:dataset/resources/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const found = findDataset((request.params as { dataset: string }).dataset);
    if (!found || found.deleted) return reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    return paginate(request, reply, found.resources, 50, (r) => r, false);
  });

  app.get('/api/1/datasets/licenses/', async () =>
    LICENSES.map((id) => ({ id, title: id, url: null, alternate_urls: [], alternate_titles: [], flags: [], maintainer: null })),
  );
  app.get('/api/1/datasets/frequencies/', async () => FREQUENCIES.map((id) => ({ id, label: id })));

  /** A renamed dataset's former slug answers 308 to the current one. */
  function redirectFormerSlug(request: FastifyRequest, reply: FastifyReply, key: string): FastifyReply | undefined {
    const renamed = all().find((d) => d.formerSlugs.includes(key));
    return renamed ? reply.code(308).header('location', request.url.replace(key, renamed.slug)).send() : undefined;
  }

  // udata's DatasetAPI.get: a hidden (private or deleted) dataset is read only by its owner;
  // for anyone else a deleted public one is 410, a private one (deleted or not) 404.
  const getDataset = (version: 1 | 2) => async (request: FastifyRequest, reply: FastifyReply) => {
    const who = caller(request, reply, false);
    if (!who) return reply;
    const key = (request.params as { dataset: string }).dataset;
    const found = findDataset(key);
    if (!found) return redirectFormerSlug(request, reply, key) ?? reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    const owner = who === 'user' && created.includes(found);
    if ((found.deleted || found.private) && !owner) {
      if (found.deleted && !found.private) return reply.code(410).send({ message: 'Dataset has been deleted' });
      return reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    }
    return serialize(found, version);
  };
  app.get('/api/1/datasets/:dataset/', getDataset(1));
  app.get('/api/2/datasets/:dataset/', getDataset(2));

  app.get('/api/1/datasets/:dataset/resources/:rid/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const { dataset, rid } = request.params as { dataset: string; rid: string };
    const resource = findDataset(dataset)?.resources.find((r) => r.id === rid);
    return resource ?? reply.code(404).send({ message: 'Resource does not exist' });
  });

  app.get('/api/1/datasets/r/:rid', async (request, reply) => {
    const rid = (request.params as { rid: string }).rid;
    const resource = all()
      .flatMap((d) => d.resources)
      .find((r) => r.id === rid);
    return resource ? reply.code(302).header('location', resource.url).send() : reply.code(404).send({ message: 'Resource not found' });
  });

  app.get('/api/1/organizations/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const words = foldName(lastValue(request.query as Query, 'q') ?? '')
      .split(' ')
      .filter(Boolean);
    const found = world.organizations.filter((o) => !o.deleted && words.every((w) => foldName(o.name).includes(w)));
    return paginate(request, reply, found, 20, (o) => renderOrganization(world, o));
  });

  app.get('/api/1/organizations/:org/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const key = (request.params as { org: string }).org;
    const org = world.organizations.find((o) => o.id === key || o.slug === key);
    if (!org) return reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    // Only the organization's members read a deleted one; the sandbox user is no member.
    if (org.deleted) return reply.code(410).send({ message: 'Organization has been deleted' });
    return renderOrganization(world, org);
  });

  app.get('/api/1/organizations/:org/datasets/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const key = (request.params as { org: string }).org;
    const org = world.organizations.find((o) => o.id === key || o.slug === key);
    if (!org) return reply.code(404).send(notFound(request.url.split('?', 1)[0]!));
    return paginate(
      request,
      reply,
      sorted(
        request,
        all().filter((d) => d.organizationId === org.id && !d.deleted),
      ),
      20,
      (d) => serialize(d, 1),
    );
  });

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
  app.get('/api/1/spatial/zones/suggest/', async (request) => {
    const query = request.query as Query;
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
  });
  app.get('/api/1/spatial/levels/', async () => [
    { id: 'country', name: 'Pays' },
    { id: 'fr:region', name: 'Région' },
    { id: 'fr:departement', name: 'Département' },
    { id: 'fr:commune', name: 'Commune' },
  ]);
  app.get('/api/1/spatial/granularities/', async () =>
    ['country', 'fr:region', 'fr:departement', 'fr:epci', 'fr:commune', 'poi', 'other'].map((id) => ({ id, name: id })),
  );

  registerDatasetWrites(app, {
    world,
    created: () => created,
    findDataset,
    redirectFormerSlug,
    authenticate: (request, reply) => caller(request, reply, true),
    forget: () => app.forget(),
  });

  app.setNotFoundHandler(async (request, reply) => reply.code(404).send(notFound(request.url.split('?', 1)[0]!)));

  return Object.assign(app, {
    resetWrites: () => {
      created = [];
      app.forget();
    },
  });
}
