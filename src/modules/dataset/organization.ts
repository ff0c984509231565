import { guardConnection } from '../../graphql/errors.js';
import { windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { datasetsConnection } from './connection.js';

/** An organization's datasets: the dataset search filtered by its id, as `datasets(filter:)` reads it. */
export const organizationResolvers: Resolvers = {
  Organization: {
    datasets: (organization, args, context, info) =>
      guardConnection(context, info, () => datasetsConnection(context, { organization: organization.id }, windowOf(args))),
  },
};
