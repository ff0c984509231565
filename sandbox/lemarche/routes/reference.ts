import type { FastifyInstance } from 'fastify';
import type { LemarcheContext } from '../context.js';
import { page } from '../paging.js';
import { NETWORKS, PERIMETER_KINDS, PRESTA_TYPES, SECTORS, SIAE_KINDS, TENDER_AMOUNTS, TENDER_KINDS } from '../reference.js';

/** The API's choice lists (kinds, services, sectors, networks…), each paged like any list. */
export function registerReferenceRoutes(app: FastifyInstance, { authenticate }: LemarcheContext): void {
  const choiceList = (path: string, items: unknown[]): void => {
    app.get(path, async (request, reply) => (authenticate(request, reply) ? page(request, items) : reply));
  };
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
}
