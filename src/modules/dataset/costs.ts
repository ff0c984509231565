import { geography } from '../../geography/index.js';
import { filterOf, pages, type ModuleCosts } from '../../graphql/upstream-cost.js';

/**
 * `Dataset.owner` is left out of the estimate: it calls only for the datasets a user publishes in
 * their own name (most are an organization's), once per distinct user, which no estimate before
 * execution can know; counted worst case, a page of 20 datasets with their owners would be
 * refused. The run-time count of the request's budget still bounds those calls.
 */
export const datasetCosts: ModuleCosts = {
  fields: {
    'Query.dataset': { calls: () => ({ datagouv: 1 }) },
    'Query.datasets': {
      // An organization given by slug is resolved to its id first.
      calls: (args) => {
        const organization = filterOf(args).organization;
        const bySlug = typeof organization === 'string' && !/^[0-9a-f]{24}$/.test(organization);
        return { datagouv: pages(args) + (bySlug ? 1 : 0) };
      },
    },
    'Commune.datasets': { calls: (args) => ({ datagouv: pages(args) }) },
    'Dataset.discussions': { calls: (args) => ({ datagouv: pages(args) }) },
    'Organization.datasets': { calls: (args) => ({ datagouv: pages(args) }) },
    'Query.user': { calls: () => ({ datagouv: 1 }) },
    'User.datasets': { calls: (args) => ({ datagouv: pages(args) }) },
    'Mutation.createDataset': { calls: () => ({ datagouv: 1 }) },
    'Mutation.updateDataset': { calls: () => ({ datagouv: 1 }) },
  },
  entities: { Dataset: { calls: () => ({ datagouv: 1 }) }, User: { calls: () => ({ datagouv: 1 }) } },
  // A dataset's spatial coverage may be any set of communes: as many as its upstream record names.
  listSizes: { 'Dataset.communes': () => geography().communes.length },
  sizedByUpstream: ['Dataset.communes'],
};
