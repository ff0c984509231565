import type { FastifyInstance } from 'fastify';
import type { DatagouvContext } from '../context.js';
import { FREQUENCIES, LICENSES } from '../reference.js';

/** udata's fixed lists: badges, roles, licences, frequencies, file formats, schemas. */
export function registerReferenceRoutes(app: FastifyInstance, { world }: DatagouvContext): void {
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
  app.get('/api/1/datasets/licenses/', async () =>
    LICENSES.map((id) => ({ id, title: id, url: null, alternate_urls: [], alternate_titles: [], flags: [], maintainer: null })),
  );
  app.get('/api/1/datasets/frequencies/', async () => FREQUENCIES.map((id) => ({ id, label: id })));
}
