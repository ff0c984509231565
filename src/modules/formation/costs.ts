import { pages, type ModuleCosts } from '../../graphql/upstream-cost.js';

export const formationCosts: ModuleCosts = {
  fields: {
    // Without a millésime, the newest one listed is asked again when the default has no figures.
    'Query.formation': { calls: (args) => ({ inserjeunes: typeof args.millesime === 'string' ? 1 : 2 }) },
    'Query.formations': { calls: (args) => ({ inserjeunes: pages(args) }) },
    'Commune.formations': { calls: (args) => ({ inserjeunes: pages(args) }) },
  },
  entities: { Formation: { calls: () => ({ inserjeunes: 1 }) } },
};
