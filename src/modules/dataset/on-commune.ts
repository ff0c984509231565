import { guardConnection } from '../../graphql/errors.js';
import { windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { datasetsConnection } from './connection.js';

/** What this domain adds to Commune: the datasets whose spatial coverage includes it. */
export const communeDatasetResolvers: Resolvers = {
  Commune: {
    datasets: (commune, args, context, info) =>
      guardConnection(context, info, () => datasetsConnection(context, { geozone: `fr:commune:${commune.code}` }, windowOf(args))),
  },
};
