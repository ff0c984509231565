import type { FastifyInstance } from 'fastify';
import type { Query } from '../../http/query.js';
import type { InserJeunesContext } from '../context.js';
import { answerHttpErrors, checkParams } from '../errors.js';
import { pageOf } from '../params.js';

/** The BCN (the national catalogue of diplomas) of the certifications served, and the health route. */
export function registerBcnRoutes(app: FastifyInstance, base: string, { world, requireCredential }: InserJeunesContext): void {
  for (const path of ['/api/inserjeunes/bcn', '/api/inserjeunes/bcn.json']) {
    app.get(base + path, async (request, reply) =>
      answerHttpErrors(reply, () => {
        requireCredential(request);
        const query = request.query as Query;
        checkParams(query, ['page', 'items_par_page', 'ext']);
        const entries = [...world.identities.values()]
          .filter((i) => i.filiere !== 'superieur')
          .map((i) => ({
            type: i.code_certification_type === 'cfd' ? 'cfd' : 'mef',
            code_certification: i.code_certification,
            code_formation_diplome: i.code_formation_diplome,
            libelle: i.libelle,
            libelle_long: i.libelle,
            diplome: i.diplome,
            date_ouverture: '2019-09-01T00:00:00.000Z',
            ancien_diplome: [],
            nouveau_diplome: [],
          }));
        const { items, pagination } = pageOf(query, entries);
        return { bcn: items, pagination };
      }),
    );
  }

  app.get(`${base}/api`, async () => ({ version: '1.35.1', env: 'sandbox', healthcheck: { mongodb: true } }));
}
