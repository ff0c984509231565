import { guardConnection } from '../../graphql/errors.js';
import { connection, windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { formationsConnection } from './connection.js';

/** What this domain adds to Commune: InserJeunes figures of its region (none for overseas collectivities). */
export const communeFormationResolvers: Resolvers = {
  Commune: {
    formations: (commune, args, context, info) =>
      guardConnection(context, info, () =>
        commune.zone === 'com'
          ? Promise.resolve(connection([], 0, windowOf(args)))
          : formationsConnection(
              context,
              { regions: [commune.regionCode], millesimes: args.millesime ? [args.millesime] : undefined },
              windowOf(args),
            ),
      ),
  },
};
