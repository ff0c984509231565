import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { mergeResolvers, sdlBeside, type DomainModule } from './module.js';
import { attachCosts } from './upstream-cost.js';

/** What every domain builds on: the federation link, Query, Mutation and PageInfo. */
const BASE = sdlBeside(import.meta.url, './base.graphql');

/** The SDL of the base and of every module, in the modules' order. */
export function typeDefsOf(modules: readonly DomainModule[]): string[] {
  return [BASE, ...modules.map((m) => m.typeDefs)];
}

/**
 * The schema, which is also an Apollo Federation v2 subgraph: `_service { sdl }`, `_entities`,
 * and entity keys resolved through the same per-request DataLoaders as every other field. Each
 * field carries what it costs in upstream calls (upstream-cost.ts).
 */
export function assembleSchema(modules: readonly DomainModule[]): GraphQLSchema {
  const resolvers = mergeResolvers(...modules.map((m) => m.resolvers));
  const schema = buildSubgraphSchema({ typeDefs: parse(typeDefsOf(modules).join('\n')), resolvers: resolvers as never });
  attachCosts(schema, modules);
  return schema;
}
