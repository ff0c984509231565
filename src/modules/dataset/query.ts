import { guardConnection } from '../../graphql/errors.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { pagedConnection, windowOf } from '../../graphql/pagination.js';
import type { DatasetSearch } from '../../sources/datagouv/client.js';
import type { Resolvers } from '../generated/resolvers.js';
import { datasetsConnection } from './connection.js';
import { datasetById } from './lookup.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** data.gouv.fr filters by organization id only; a slug is resolved to its id first. */
async function organizationId(context: GraphQLContext, organization: string): Promise<string | null> {
  if (OBJECT_ID.test(organization)) return organization;
  return (await context.loaders.datagouv.organization.load(organization))?.id ?? null;
}

export const datasetQueries: Resolvers = {
  Query: {
    dataset: (_parent, { id }, context) => datasetById(context, id),
    datasets: (_parent, args, context, info) =>
      guardConnection(context, info, async () => {
        const { filter } = args;
        const window = windowOf(args);
        const organization = filter.organization ? await organizationId(context, filter.organization) : undefined;
        if (organization === null) return pagedConnection(window, async () => ({ items: [], total: 0 }));
        const search: DatasetSearch = {
          q: filter.query ?? undefined,
          geozone: filter.commune ? `fr:commune:${filter.commune}` : undefined,
          organization,
          tag: filter.tag ?? undefined,
        };
        return datasetsConnection(context, search, window);
      }),
  },
};
