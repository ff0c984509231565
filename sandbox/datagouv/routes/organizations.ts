import type { FastifyInstance } from 'fastify';
import { lastValue, type Query } from '../../http/query.js';
import { foldName } from '../../product.js';
import { notFoundAnswer, paginate } from '../answers.js';
import type { DatagouvContext } from '../context.js';
import { sorted } from '../dataset-query.js';
import { PUBLIC_HOST, renderDataset, renderOrganization } from '../render.js';
import type { DatagouvWorld } from '../world.js';

/** Organizations: the list, suggestions, one organization and its datasets. */
export function registerOrganizationRoutes(app: FastifyInstance, { world, catalog, caller }: DatagouvContext): void {
  const findOrganization = (key: string) => world.organizations.find((o) => o.id === key || o.slug === key);

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
    const org = findOrganization((request.params as { org: string }).org);
    if (!org) return notFoundAnswer(request, reply);
    // Only the organization's members read a deleted one; the sandbox user is no member.
    if (org.deleted) return reply.code(410).send({ message: 'Organization has been deleted' });
    return renderOrganization(world, org);
  });

  app.get('/api/1/organizations/:org/datasets/', async (request, reply) => {
    if (!caller(request, reply, false)) return reply;
    const org = findOrganization((request.params as { org: string }).org);
    if (!org) return notFoundAnswer(request, reply);
    const datasets = catalog.all().filter((d) => d.organizationId === org.id && !d.deleted);
    return paginate(request, reply, sorted(request, datasets), 20, (d) => renderDataset(world, d, 1));
  });

  app.get('/api/1/organizations/suggest/', async (request) => suggestOrganizations(world, request.query as Query));
}

function suggestOrganizations(world: DatagouvWorld, query: Query) {
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
}
