import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { arrondissementResolvers } from './arrondissement.js';
import { communeResolvers } from './commune.js';
import { departmentResolvers } from './department.js';
import { epciResolvers } from './epci.js';
import { regionResolvers } from './region.js';
import { territoryArguments, territoryEntities } from './arguments.js';
import { territoryCosts } from './costs.js';
import { territoryQueries } from './query.js';

/**
 * The official geography (communes and their former communes, arrondissements, departments,
 * regions, EPCI) and every zone Insee publishes statistics for, embedded: no upstream call.
 */
export const territory: DomainModule = {
  name: 'territory',
  typeDefs: sdlBeside(import.meta.url, './territory.graphql'),
  resolvers: mergeResolvers(
    territoryQueries,
    communeResolvers,
    departmentResolvers,
    regionResolvers,
    epciResolvers,
    arrondissementResolvers,
  ),
  argumentChecks: territoryArguments,
  entityKeys: territoryEntities,
  costs: territoryCosts,
};
