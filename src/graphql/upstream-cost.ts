import type { FieldNode, GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import type { SourceName } from '../sources/names.js';
import { definitionOf } from '../sources/registry.js';

/**
 * What fields cost in upstream calls, as each domain module declares it (its `costs.ts`), put on
 * the schema's fields and types (their `extensions`) when the schema is assembled: the estimate
 * before execution (upstream-budget.ts) and the cost limit's weights (protection.ts) read them
 * there. Worst case, cold cache: a cached answer costs nothing at run time, but the estimate
 * cannot know which are. Fields without a cost are free (the embedded geography, mapped values);
 * lists multiply their items' cost (by `first`, by `_entities`' representations, or by the
 * longest the list can be, its `listSize`, computed once when the schema is assembled).
 *
 * Where a list's items find something already loaded, it says so in `Loaded` for their fields:
 * a territory's structures come merged with their Marché SIAE, services found around a commune
 * come with their structure. Not counted: a commune's additive statistic read from its former
 * communes' cubes when its own cube does not know it (one call per predecessor, rare): the
 * budget's count at run time bounds those.
 */
export type Calls = Partial<Record<SourceName, number>>;

/** What a list's items already carry, so that their fields cost nothing more. */
export interface Loaded {
  /** A structure's Marché SIAE (a territory's structures are merged with them, or find them in its departments' lists). */
  siae?: boolean;
  /** A service's structure (services found around a commune carry it). */
  structure?: boolean;
}

export type Args = Record<string, unknown>;

export interface FieldCost {
  calls(args: Args, loaded: Loaded, node: FieldNode): Calls;
  /** What the field's items carry, for their own fields. */
  loads?(args: Args): Loaded;
}

/** What resolving one federation entity reference of a type costs, and what the entity carries. */
export interface EntityCost {
  calls(representation: Record<string, unknown>): Calls;
  loads?: Loaded;
}

declare module 'graphql' {
  interface GraphQLFieldExtensions<_TSource, _TContext, _TArgs> {
    upstreamCost?: FieldCost;
    /** The longest this list can be when asked without `first`. */
    listSize?: number;
    /** Its length is the upstream's answer, not the query's choice: the cost limit prices it as one item. */
    sizedByUpstream?: boolean;
  }
  interface GraphQLObjectTypeExtensions<_TSource, _TContext> {
    entityCost?: EntityCost;
  }
}

/**
 * Cost points of one call (MAX_COST, protection.ts), by how scarce its source's quota is: 10, and
 * 100 where a slot frees only after a minute or more (Insee: 30 a minute), rather than a second.
 */
function pointsPerCall(source: SourceName): number {
  return definitionOf(source).defaults.quota.windowMs >= 60_000 ? 100 : 10;
}

export function callPoints(calls: Calls): number {
  return Object.entries(calls).reduce((sum, [source, n]) => sum + pointsPerCall(source as SourceName) * n, 0);
}

/**
 * How many items a list field is counted for: its `first`, else the longest it can be, else one
 * (a list as long as an upstream answer; MAX_ANSWER_ITEMS bounds those at run time). The cost
 * limit passes `forCost`: a list `sizedByUpstream` (a dataset's communes) is then one item, since
 * its length is bounded by what the upstream sent rather than multiplied by the query.
 */
export function itemsOf(field: { extensions: { listSize?: number; sizedByUpstream?: boolean } }, args: Args, forCost = false): number {
  if (typeof args.first === 'number') return args.first;
  if (forCost && field.extensions.sizedByUpstream) return 1;
  return field.extensions.listSize ?? 1;
}

/** A page of an upstream list: one read, two when `after` falls inside an upstream page. */
export const pages = (args: Args) => (typeof args.after === 'string' ? 2 : 1);

/** A connection field's `filter` argument. */
export const filterOf = (args: Args) => (args.filter ?? {}) as Record<string, unknown>;

function fieldAt(schema: GraphQLSchema, coordinate: string) {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = schema.getType(typeName);
  const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
  if (!field) throw new Error(`A module gives a cost to ${coordinate}, which the schema does not have`);
  return field;
}

/** Puts every module's costs on the schema's fields and types (a cost for no such field is a mistake, refused). */
export function attachCosts(schema: GraphQLSchema, modules: readonly { readonly costs?: ModuleCosts }[]): void {
  for (const module of modules) {
    for (const [coordinate, upstreamCost] of Object.entries(module.costs?.fields ?? {})) {
      const field = fieldAt(schema, coordinate);
      field.extensions = { ...field.extensions, upstreamCost };
    }
    // Computed once, here: the geography does not change while the process runs.
    for (const [coordinate, longest] of Object.entries(module.costs?.listSizes ?? {})) {
      const field = fieldAt(schema, coordinate);
      field.extensions = { ...field.extensions, listSize: longest() };
    }
    for (const coordinate of module.costs?.sizedByUpstream ?? []) {
      const field = fieldAt(schema, coordinate);
      field.extensions = { ...field.extensions, sizedByUpstream: true };
    }
    for (const [typeName, entityCost] of Object.entries(module.costs?.entities ?? {})) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`A module gives a reference cost to ${typeName}, which is not an object type`);
      type.extensions = { ...type.extensions, entityCost };
    }
  }
}

/** What a module declares about its fields' upstream calls (see attachCosts). */
export interface ModuleCosts {
  readonly fields?: Readonly<Record<string, FieldCost>>;
  readonly entities?: Readonly<Record<string, EntityCost>>;
  /** The longest each list can be when asked without `first` (the embedded geography's lists). */
  readonly listSizes?: Readonly<Record<string, () => number>>;
  /** Lists (among `listSizes`) whose length is the upstream's own answer: see `itemsOf`. */
  readonly sizedByUpstream?: readonly string[];
}
