import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../generated/resolvers.js';
import { formationFromInserJeunes } from './from-inserjeunes.js';
import type { FormationModel } from './models.js';

/** A Formation by its id (see from-inserjeunes.ts): national, regional or establishment figures. */
async function formationById(context: GraphQLContext, id: string): Promise<FormationModel | null> {
  const parts = id.split('/');
  const { inserjeunes } = context.loaders;
  const row =
    parts[0] === 'national' && parts.length === 3
      ? await inserjeunes.certification.load({ code: parts[1]!, millesime: parts[2] })
      : parts[0] === 'regional' && parts.length === 4
        ? await inserjeunes.regional.load({ region: parts[1]!, code: parts[2]!, millesime: parts[3] })
        : parts[0] === 'establishment' && parts.length === 4
          ? await inserjeunes.formation.load({ uai: parts[1]!, code: parts[2]!, millesime: parts[3] })
          : null;
  return row ? formationFromInserJeunes(row) : null;
}

export const formationResolvers: Resolvers = {
  Formation: {
    __resolveReference: (ref, context) => formationById(context, String(ref.id)),
    region: (formation) => (formation.regionCode ? (geography().region(formation.regionCode) ?? null) : null),
  },
};
