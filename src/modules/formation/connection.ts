import type { GraphQLContext } from '../../graphql/context.js';
import { pagedConnection, type Connection } from '../../graphql/pagination.js';
import type { StatsListFilter } from '../../sources/inserjeunes/client.js';
import { formationFromInserJeunes } from './from-inserjeunes.js';
import type { FormationModel } from './models.js';

/** Establishment-level figures, one InserJeunes list call per page (codes and regions as lists). */
export function formationsConnection(
  context: GraphQLContext,
  filter: StatsListFilter,
  window: { offset: number; first: number },
): Promise<Connection<FormationModel>> {
  return pagedConnection(window, async (page, size) => {
    const result = await context.loaders.inserjeunes.formationsPage.load({ filter, page, perPage: size });
    return { items: (result?.formations ?? []).map(formationFromInserJeunes), total: result?.pagination.total ?? 0 };
  });
}
