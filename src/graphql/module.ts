import { readFileSync } from 'node:fs';
import type { Check } from './argument-checks.js';
import type { ModuleCosts } from './upstream-cost.js';

/**
 * A domain of the schema (src/modules/<domain>/): its SDL, its resolvers, and what its arguments
 * and entity keys must look like. The schema is these modules put together (schema.ts); the
 * argument checks run before execution (validation.ts).
 */
export interface DomainModule {
  readonly name: string;
  /** Its types, and the fields it adds to other domains' types (`extend type`). */
  readonly typeDefs: string;
  /** Resolvers by type, then field; `__resolveReference` for the entities it owns. */
  readonly resolvers: Readonly<Record<string, object>>;
  /** Checks by schema coordinate: `Type.field(argument:)` for arguments, `Input.field` for input fields. */
  readonly argumentChecks: Readonly<Record<string, Check>>;
  /** The federation entities it owns: each representation's key is checked as the argument it stands for. */
  readonly entityKeys: Readonly<Record<string, { readonly key: string; readonly check: Check }>>;
  /** What its fields (and entity references) cost in upstream calls: the estimate before execution reads it. */
  readonly costs?: ModuleCosts;
}

/**
 * The SDL file beside a module (`moduleUrl` is its `import.meta.url`): the build copies the
 * `.graphql` files into dist/ beside the compiled modules.
 */
export function sdlBeside(moduleUrl: string, file: string): string {
  return readFileSync(new URL(file, moduleUrl), 'utf8');
}

/** Resolver maps merged type by type (several files, or modules, resolve fields of one type). */
export function mergeResolvers(...maps: readonly Readonly<Record<string, object>>[]): Record<string, object> {
  const merged: Record<string, object> = {};
  for (const map of maps) for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  return merged;
}
