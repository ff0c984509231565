import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../generated/resolvers.js';
import { datasetFromDatagouv } from './from-datagouv.js';

/** Writes go upstream with the caller's own key, never the operator's. */
function callerKey(context: GraphQLContext): string {
  if (!context.dataGouvApiKey) {
    throw new GraphQLError('Writing to data.gouv.fr needs your own data.gouv.fr API key in the X-DataGouv-Api-Key header', {
      extensions: { code: 'UPSTREAM_UNAUTHORIZED', source: 'datagouv' },
    });
  }
  return context.dataGouvApiKey;
}

export const datasetMutations: Resolvers = {
  Mutation: {
    createDataset: async (_parent, { input }, context) =>
      datasetFromDatagouv(await context.requestClients.datagouv.createDataset(withoutNulls(input), callerKey(context))),
    updateDataset: async (_parent, { id, input }, context) =>
      datasetFromDatagouv(await context.requestClients.datagouv.updateDataset(id, withoutNulls(input), callerKey(context))),
  },
};

/** GraphQL nulls mean "not given": they are not sent upstream, where they would erase fields. */
function withoutNulls<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
