import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { statsArguments } from './arguments.js';
import { statsCosts } from './costs.js';
import { territoryStatsResolvers } from './territory-stats.js';
import { zoneStatsResolvers } from './zone-stats.js';

/** Insee Données Locales: the statistics of every zone of the geography. */
export const stats: DomainModule = {
  name: 'stats',
  typeDefs: sdlBeside(import.meta.url, './stats.graphql'),
  resolvers: mergeResolvers(zoneStatsResolvers, territoryStatsResolvers),
  argumentChecks: statsArguments,
  entityKeys: {},
  costs: statsCosts,
};
