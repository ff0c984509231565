import { mergeResolvers, sdlBeside, type DomainModule } from '../../graphql/module.js';
import { communeFormationResolvers } from './on-commune.js';
import { formationArguments, formationEntities } from './arguments.js';
import { formationCosts } from './costs.js';
import { formationQueries } from './query.js';
import { formationResolvers } from './formation.js';

/** InserJeunes: what became of students after a training, per certification, region, establishment. */
export const formation: DomainModule = {
  name: 'formation',
  typeDefs: sdlBeside(import.meta.url, './formation.graphql'),
  resolvers: mergeResolvers(formationQueries, formationResolvers, communeFormationResolvers),
  argumentChecks: formationArguments,
  entityKeys: formationEntities,
  costs: formationCosts,
};
