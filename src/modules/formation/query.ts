import { guardConnection } from '../../graphql/errors.js';
import { windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { formationsConnection } from './connection.js';
import { formationFromInserJeunes } from './from-inserjeunes.js';

export const formationQueries: Resolvers = {
  Query: {
    formation: async (_parent, { code, millesime, region, uai }, context) => {
      const { inserjeunes } = context.loaders;
      const key = { code, millesime: millesime ?? undefined };
      const row = uai
        ? await inserjeunes.formation.load({ ...key, uai })
        : region
          ? await inserjeunes.regional.load({ ...key, region })
          : await inserjeunes.certification.load(key);
      return row ? formationFromInserJeunes(row) : null;
    },
    formations: (_parent, args, context, info) =>
      guardConnection(context, info, () =>
        formationsConnection(
          context,
          {
            codes: args.filter.codes ?? undefined,
            regions: args.filter.region ? [args.filter.region] : undefined,
            uais: args.filter.uais ?? undefined,
            millesimes: args.filter.millesime ? [args.filter.millesime] : undefined,
          },
          windowOf(args),
        ),
      ),
  },
};
