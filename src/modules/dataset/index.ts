import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { communeDatasetResolvers } from './on-commune.js';
import { datasetArguments, datasetEntities } from './arguments.js';
import { datasetCosts } from './costs.js';
import { datasetMutations } from './mutation.js';
import { datasetQueries } from './query.js';
import { datasetResolvers } from './dataset.js';
import { organizationResolvers } from './organization.js';
import { userResolvers } from './user.js';

/** data.gouv.fr: open datasets, their discussions, organizations and users, and writes with the caller's own key. */
export const dataset: DomainModule = {
  name: 'dataset',
  typeDefs: sdlBeside(import.meta.url, './dataset.graphql'),
  resolvers: mergeResolvers(
    datasetQueries,
    datasetMutations,
    datasetResolvers,
    communeDatasetResolvers,
    organizationResolvers,
    userResolvers,
  ),
  argumentChecks: datasetArguments,
  entityKeys: datasetEntities,
  costs: datasetCosts,
};
