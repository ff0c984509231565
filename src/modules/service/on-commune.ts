import { guardConnection } from '../../graphql/errors.js';
import { windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { searchConnection } from './search.js';

/** What this domain adds to Commune: the services reachable from it, nearest first. */
export const communeServiceResolvers: Resolvers = {
  Commune: {
    services: (commune, args, context, info) =>
      guardConnection(context, info, () => searchConnection(context, commune.code, args.themes ?? undefined, windowOf(args))),
  },
};
