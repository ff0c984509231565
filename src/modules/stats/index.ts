import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { statsArguments } from './arguments.js';
import { statsCosts } from './costs.js';
import { melodiStatsResolvers } from './melodi-stats.js';
import { territoryStatsResolvers } from './territory-stats.js';
import { zoneStatsResolvers } from './zone-stats.js';

/** Insee statistics of every zone of the geography: Melodi's current figures, Données locales' frozen cubes. */
export const stats: DomainModule = {
  name: 'stats',
  typeDefs: sdlBeside(import.meta.url, './stats.graphql'),
  resolvers: mergeResolvers(zoneStatsResolvers, territoryStatsResolvers, melodiStatsResolvers),
  argumentChecks: statsArguments,
  entityKeys: {},
  costs: statsCosts,
};
