import { guardConnection } from '../../graphql/errors.js';
import { pagedConnection, sliceConnection, windowOf } from '../../graphql/pagination.js';
import { structureById } from '../structure/lookup.js';
import type { Resolvers } from '../generated/resolvers.js';
import { serviceFromDataInclusion } from './from-data-inclusion.js';
import { serviceById, servicesOfStructure } from './lookup.js';
import { matchesThemes, searchConnection } from './search.js';

export const serviceQueries: Resolvers = {
  Query: {
    service: (_parent, { id }, context) => serviceById(context, id),
    services: (_parent, args, context, info) =>
      guardConnection(context, info, async () => {
        const { filter } = args;
        const window = windowOf(args);
        const themes = filter.themes ?? undefined;
        if (filter.commune) return searchConnection(context, filter.commune, themes, window);
        if (filter.structure) {
          const structure = await structureById(context, filter.structure);
          return sliceConnection(
            structure ? (await servicesOfStructure(context, structure)).filter((s) => matchesThemes(s, themes)) : [],
            window,
          );
        }
        return pagedConnection(window, async (page, size) => {
          const result = await context.loaders.dataInclusion.servicesPage.load({
            filter: { codeDepartement: filter.department ?? undefined, thematiques: themes },
            paging: { page, size },
          });
          return { items: (result?.items ?? []).map((s) => serviceFromDataInclusion(s)), total: result?.total ?? 0 };
        });
      }),
  },
};
