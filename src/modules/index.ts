import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { DomainModule } from '../graphql/module.js';
import { assembleSchema } from '../graphql/schema.js';
import { argumentValidationPlugin } from '../graphql/validation.js';
import { dataset } from './dataset/index.js';
import { formation } from './formation/index.js';
import { service } from './service/index.js';
import { stats } from './stats/index.js';
import { structure } from './structure/index.js';
import { territory } from './territory/index.js';

/**
 * Every domain of the schema. A domain owns its types and adds fields to others' with
 * `extend type` (stats adds `stats` to every zone, structure adds `structures` to Commune…).
 */
export const MODULES: readonly DomainModule[] = [territory, stats, structure, service, formation, dataset];

/** The schema the server serves: every module's SDL and resolvers. */
export function buildSchema(): GraphQLSchema {
  return assembleSchema(MODULES);
}

/** Every module's argument checks, run before execution. */
export function argumentValidation(schema: GraphQLSchema): ApolloServerPlugin {
  return argumentValidationPlugin(schema, MODULES);
}
