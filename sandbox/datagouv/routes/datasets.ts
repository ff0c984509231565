import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lastValue, type Query } from '../../http/query.js';
import { foldName } from '../../product.js';
import { notFoundAnswer, paginate, redirectFormerSlug } from '../answers.js';
import type { DatagouvContext } from '../context.js';
import { datasetFilter, sorted } from '../dataset-query.js';
import { PUBLIC_HOST, renderDataset } from '../render.js';

/** Dataset reads: the lists (v1, v2, search), suggestions, one dataset and its resources. */
export function registerDatasetRoutes(app: FastifyInstance, context: DatagouvContext): void {
  registerDatasetLists(app, context);
  registerDatasetDetail(app, context);
  registerResources(app, context);
}

function registerDatasetLists(app: FastifyInstance, { world, catalog, caller }: DatagouvContext): void {
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
      const matches = datasetFilter(catalog, request, reply, who === 'anonymous');
      if (!matches) return reply;
      if (path.endsWith('/search/')) {
        const query = request.query as Query;
        const window = (Number(lastValue(query, 'page')) || 1) * (Number(lastValue(query, 'page_size')) || 20);
        if (window > 10_000) return reply.code(400).send({ message: `Result window is too large: ${window} > 10000` });
      }
      const found = sorted(request, catalog.all().filter(matches));
      const result = paginate(request, reply, found, 20, (d) => renderDataset(world, d, version), version === 1);
      if (result === reply || !path.endsWith('/search/')) return result;
      return { ...result, facets: {} };
    });
  }

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
}

function registerDatasetDetail(app: FastifyInstance, { world, catalog, caller }: DatagouvContext): void {
  // udata's DatasetAPI.get: a hidden (private or deleted) dataset is read only by its owner;
  // for anyone else a deleted public one is 410, a private one (deleted or not) 404.
  const getDataset = (version: 1 | 2) => async (request: FastifyRequest, reply: FastifyReply) => {
    const who = caller(request, reply, false);
    if (!who) return reply;
    const key = (request.params as { dataset: string }).dataset;
    const found = catalog.find(key);
    if (!found) return redirectFormerSlug(catalog, request, reply, key) ?? notFoundAnswer(request, reply);
    const owner = who === 'user' && catalog.ownedByUser(found);
    if ((found.deleted || found.private) && !owner) {
      if (found.deleted && !found.private) return reply.code(410).send({ message: 'Dataset has been deleted' });
      return notFoundAnswer(request, reply);
    }
    return renderDataset(world, found, version);
  };
  app.get('/api/1/datasets/:dataset/', getDataset(1));
  app.get('/api/2/datasets/:dataset/', getDataset(2));

  app.get('/api/2/datasets/:dataset/extras/', async (request, reply) => {
    const found = catalog.find((request.params as { dataset: string }).dataset);
    return found && !found.deleted ? found.extras : notFoundAnswer(request, reply);
  });
  app.get('/api/2/datasets/:dataset/schemas/', async (request, reply) => {
    const found = catalog.find((request.params as { dataset: string }).dataset);
    return found && !found.deleted ? [] : notFoundAnswer(request, reply);
  });
}

function registerResources(app: FastifyInstance, { catalog, caller }: DatagouvContext): void {
  app.get('/api/2/datasets/:dataset/resources/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const found = catalog.find((request.params as { dataset: string }).dataset);
    if (!found || found.deleted) return notFoundAnswer(request, reply);
    return paginate(request, reply, found.resources, 50, (r) => r, false);
  });

  app.get('/api/1/datasets/:dataset/resources/:rid/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const { dataset, rid } = request.params as { dataset: string; rid: string };
    const resource = catalog.find(dataset)?.resources.find((r) => r.id === rid);
    return resource ?? reply.code(404).send({ message: 'Resource does not exist' });
  });

  // The stable link to a resource's latest file.
  app.get('/api/1/datasets/r/:rid', async (request, reply) => {
    const rid = (request.params as { rid: string }).rid;
    const resource = catalog
      .all()
      .flatMap((d) => d.resources)
      .find((r) => r.id === rid);
    return resource ? reply.code(302).header('location', resource.url).send() : reply.code(404).send({ message: 'Resource not found' });
  });
}
