import { GraphQLError } from 'graphql';
import { geography, type Commune } from '../../geography/index.js';
import type { DatasetSearch } from '../../sources/datagouv/client.js';
import { datasetFromDatagouv, discussionFromDatagouv } from '../../sources/datagouv/mapping.js';
import type { GraphQLContext } from '../context.js';
import { guardConnection } from '../errors.js';
import type { Resolvers } from '../generated/resolvers.js';
import type { DatasetModel } from '../models.js';
import { pagedConnection, windowOf, type Connection } from '../pagination.js';

export function datasetsConnection(
  context: GraphQLContext,
  search: DatasetSearch,
  window: { offset: number; first: number },
): Promise<Connection<DatasetModel>> {
  return pagedConnection(window, async (page, size) => {
    const result = await context.loaders.datagouv.datasetsPage.load({ search, page, pageSize: size });
    return { items: result.data.map(datasetFromDatagouv), total: result.total };
  });
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** data.gouv.fr filters by organization id only; a slug is resolved to its id first. */
async function organizationId(context: GraphQLContext, organization: string): Promise<string | null> {
  if (OBJECT_ID.test(organization)) return organization;
  return (await context.loaders.datagouv.organization.load(organization))?.id ?? null;
}

function callerKey(context: GraphQLContext): string {
  if (!context.dataGouvApiKey) {
    throw new GraphQLError('Writing to data.gouv.fr needs your own data.gouv.fr API key in the X-DataGouv-Api-Key header', {
      extensions: { code: 'UPSTREAM_UNAUTHORIZED', source: 'datagouv' },
    });
  }
  return context.dataGouvApiKey;
}

export const datasetResolvers: Resolvers = {
  Query: {
    dataset: async (_parent, { id }, context) => {
      const found = await context.loaders.datagouv.dataset.load(id);
      return found ? datasetFromDatagouv(found) : null;
    },
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

  Mutation: {
    createDataset: async (_parent, { input }, context) =>
      datasetFromDatagouv(await context.clients.datagouv.createDataset(withoutNulls(input), callerKey(context))),
    updateDataset: async (_parent, { id, input }, context) =>
      datasetFromDatagouv(await context.clients.datagouv.updateDataset(id, withoutNulls(input), callerKey(context))),
  },

  Dataset: {
    communes: (dataset) => dataset.communeCodes.map((code) => geography().commune(code)).filter((c): c is Commune => c !== undefined),
    discussions: (dataset, args, context, info) =>
      guardConnection(context, info, () =>
        pagedConnection(windowOf(args), async (page, size) => {
          const result = await context.loaders.datagouv.discussionsPage.load({ datasetId: dataset.id, page, pageSize: size });
          return { items: (result?.data ?? []).map(discussionFromDatagouv), total: result?.total ?? 0 };
        }),
      ),
  },
};

/** GraphQL nulls mean "not given": they are not sent upstream, where they would erase fields. */
function withoutNulls<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
