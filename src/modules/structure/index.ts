import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { communeStructureResolvers } from './on-commune.js';
import { structureArguments, structureEntities } from './arguments.js';
import { structureCosts } from './costs.js';
import { structureQueries } from './query.js';
import { structureResolvers } from './structure.js';

/** Structures: data·inclusion's and the Marché de l'inclusion's, merged by SIRET (merge.ts). */
export const structure: DomainModule = {
  name: 'structure',
  typeDefs: sdlBeside(import.meta.url, './structure.graphql'),
  resolvers: mergeResolvers(structureQueries, structureResolvers, communeStructureResolvers),
  argumentChecks: structureArguments,
  entityKeys: structureEntities,
  costs: structureCosts,
};
