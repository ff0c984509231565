import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolvers } from './resolvers/index.js';

/** schema/ at the project's root, from src/graphql or dist/graphql alike. */
const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** The SDL of every domain (schema/*.graphql), in a stable order. */
export function typeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(`${SCHEMA_DIR}${file}`, 'utf8'));
}

/**
 * The schema, which is also an Apollo Federation v2 subgraph: `_service { sdl }`, `_entities`,
 * and entity keys resolved through the same per-request DataLoaders as every other field.
 */
export function buildSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(typeDefs().join('\n')), resolvers: resolvers as never });
}
