import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { communeServiceResolvers } from './on-commune.js';
import { serviceArguments, serviceEntities } from './arguments.js';
import { serviceCosts } from './costs.js';
import { serviceQueries } from './query.js';
import { serviceResolvers } from './service.js';
import { structureServiceResolvers } from './on-structure.js';

/** data·inclusion services: what structures offer, searched around a commune or by department. */
export const service: DomainModule = {
  name: 'service',
  typeDefs: sdlBeside(import.meta.url, './service.graphql'),
  resolvers: mergeResolvers(serviceQueries, serviceResolvers, communeServiceResolvers, structureServiceResolvers),
  argumentChecks: serviceArguments,
  entityKeys: serviceEntities,
  costs: serviceCosts,
};
