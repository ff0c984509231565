import { GraphQLError } from 'graphql';
import { geography } from '../../geography/index.js';
import { guardConnection, reportPartialFailure } from '../../graphql/errors.js';
import { sliceConnection, windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { structureById, structureBySiret } from './lookup.js';
import { territoryStructures } from './territory-structures.js';

export const structureQueries: Resolvers = {
  Query: {
    structure: async (_parent, { id, siret }, context) => {
      if (!id && !siret) throw new GraphQLError('structure needs an id or a siret', { extensions: { code: 'BAD_USER_INPUT' } });
      const found = id ? await structureById(context, id) : await structureBySiret(context, siret!);
      return found && siret && found.siret !== siret ? null : found;
    },
    structures: (_parent, args, context, info) =>
      guardConnection(context, info, async () => {
        const { filter } = args;
        const window = windowOf(args);
        const options = { sources: filter.sources, siaeKinds: filter.siaeKinds };
        if (filter.siret) {
          const found = await structureBySiret(context, filter.siret);
          return sliceConnection(found ? [found] : [], window);
        }
        const commune = filter.commune ? geography().commune(filter.commune) : undefined;
        if (filter.commune && !commune) return sliceConnection([], window);
        const territory = commune
          ? { commune }
          : filter.department
            ? { department: filter.department }
            : filter.region
              ? { region: filter.region }
              : undefined;
        if (!territory)
          throw new GraphQLError('structures needs a commune, department, region or siret filter', {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        return sliceConnection(
          await territoryStructures(context, territory, options, (e) => reportPartialFailure(context, info, e)),
          window,
        );
      }),
  },
};
