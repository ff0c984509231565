import { geography } from '../../geography/index.js';
import { serviceFromDataInclusion } from '../../sources/data-inclusion/mapping.js';
import type { GraphQLContext } from '../context.js';
import { guardConnection } from '../errors.js';
import type { Resolvers } from '../generated/resolvers.js';
import type { ServiceModel } from '../models.js';
import { pagedConnection, sliceConnection, windowOf, type Connection } from '../pagination.js';
import { servicesOfStructure, structureById, structureOfService } from '../structures.js';

/** A theme filter: sub-themes as given, categories standing for all their sub-themes. */
export function matchesThemes(service: ServiceModel, themes: readonly string[] | undefined): boolean {
  if (!themes?.length) return true;
  return service.themes.some((t) => themes.some((wanted) => t === wanted || t.startsWith(`${wanted}--`)));
}

/** Services reachable from a commune, nearest first, read from data·inclusion's geographic search. */
export function searchConnection(
  context: GraphQLContext,
  commune: string,
  themes: string[] | undefined,
  window: { offset: number; first: number },
): Promise<Connection<ServiceModel>> {
  return pagedConnection(window, async (page, size) => {
    const result = await context.loaders.dataInclusion.searchPage.load({ commune, themes, paging: { page, size } });
    return {
      items: (result?.items ?? []).map((r) =>
        serviceFromDataInclusion(r.service, { structure: r.service.structure, distanceKm: r.distance }),
      ),
      total: result?.total ?? 0,
    };
  });
}

export const serviceResolvers: Resolvers = {
  Query: {
    service: async (_parent, { id }, context) => {
      const service = await context.loaders.dataInclusion.service.load(id);
      return service ? serviceFromDataInclusion(service, { structure: service.structure }) : null;
    },
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

  Service: {
    commune: (service) => (service.communeCode ? (geography().commune(service.communeCode) ?? null) : null),
    structure: (service, _args, context) => structureOfService(context, service),
  },
};
