import { guardConnection, reportPartialFailure } from '../../graphql/errors.js';
import { sliceConnection, windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { territoryStructures } from './territory-structures.js';

/** What this domain adds to Commune: the structures located in it. */
export const communeStructureResolvers: Resolvers = {
  Commune: {
    structures: (commune, args, context, info) =>
      guardConnection(context, info, async () =>
        sliceConnection(
          await territoryStructures(context, { commune }, { sources: args.sources }, (e) => reportPartialFailure(context, info, e)),
          windowOf(args),
        ),
      ),
  },
};
