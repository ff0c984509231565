import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { territoryArguments, territoryEntities } from './arguments.js';
import { communeResolvers } from './commune.js';
import { departmentResolvers } from './department.js';
import { epciResolvers } from './epci.js';
import { territoryQueries } from './query.js';
import { regionResolvers } from './region.js';

/** The official geography (communes, departments, regions, EPCI), embedded: no upstream call. */
export const territory: DomainModule = {
  name: 'territory',
  typeDefs: sdlBeside(import.meta.url, './territory.graphql'),
  resolvers: mergeResolvers(territoryQueries, communeResolvers, departmentResolvers, regionResolvers, epciResolvers),
  argumentChecks: territoryArguments,
  entityKeys: territoryEntities,
};
