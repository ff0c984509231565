import { guardConnection } from '../../graphql/errors.js';
import { sliceConnection, windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { servicesOfStructure } from './lookup.js';

/** What this domain adds to Structure: its data·inclusion services. */
export const structureServiceResolvers: Resolvers = {
  Structure: {
    services: (structure, args, context, info) =>
      guardConnection(context, info, async () => sliceConnection(await servicesOfStructure(context, structure), windowOf(args))),
  },
};
