import type { GraphQLContext } from '../../graphql/context.js';
import { pagedConnection, type Connection } from '../../graphql/pagination.js';
import { serviceFromDataInclusion } from './from-data-inclusion.js';
import type { ServiceModel } from './models.js';

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
