import { geography } from '../../geography/index.js';
import type { StatsListFilter } from '../../sources/inserjeunes/client.js';
import { formationFromInserJeunes } from '../../sources/inserjeunes/mapping.js';
import type { GraphQLContext } from '../context.js';
import { guardConnection } from '../errors.js';
import type { Resolvers } from '../generated/resolvers.js';
import type { FormationModel } from '../models.js';
import { pagedConnection, windowOf, type Connection } from '../pagination.js';

/** Establishment-level figures, one InserJeunes list call per page (codes and regions as lists). */
export function formationsConnection(
  context: GraphQLContext,
  filter: StatsListFilter,
  window: { offset: number; first: number },
): Promise<Connection<FormationModel>> {
  return pagedConnection(window, async (page, size) => {
    const result = await context.loaders.inserjeunes.formationsPage.load({ filter, page, perPage: size });
    return { items: (result?.formations ?? []).map(formationFromInserJeunes), total: result?.pagination.total ?? 0 };
  });
}

export const formationResolvers: Resolvers = {
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

  Formation: {
    region: (formation) => (formation.regionCode ? (geography().region(formation.regionCode) ?? null) : null),
  },
};
