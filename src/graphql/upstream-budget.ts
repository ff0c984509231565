import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { memoByOperation } from '../caching/document-memo.js';
import { memoByIdentity } from '../caching/identity-memo.js';
import type { Connections } from '../connections.js';
import { SOURCE_NAMES, type SourceName } from '../sources/names.js';
import type { GraphQLContext } from './context.js';
import { itemsOf, type Calls, type EntityCost, type Loaded } from './upstream-cost.js';

/** The most upstream calls an operation can make, per source (worst case, cold cache). */
export type UpstreamEstimate = Record<SourceName, number>;

interface Walk {
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
  /** A named fragment's calls, once per (fragment, what its items carry, `_entities` field): see `spread`. */
  memo: Map<string, UpstreamEstimate>;
  /** The fragments being walked: a cycle (refused by validation anyway) counts nothing rather than looping. */
  walking: Set<string>;
  /** Each `_entities` field walked gets a number, for the memo's key. */
  entitiesSeen: number;
}

/** Under `_entities`: the representations of each type (a fragment on a type is resolved that many times). */
interface Entities {
  id: number;
  byType: Map<string, number>;
}

const none = (): UpstreamEstimate => Object.fromEntries(SOURCE_NAMES.map((name) => [name, 0])) as UpstreamEstimate;

function add(total: UpstreamEstimate, calls: Calls, times: number): void {
  for (const [source, n] of Object.entries(calls) as [SourceName, number][]) if (n) total[source] += n * times;
}

const loadedKey = (loaded: Loaded) =>
  Object.keys(loaded)
    .filter((k) => loaded[k as keyof Loaded])
    .sort()
    .join();

/**
 * The calls of one occurrence of a selection (per item of the lists around it: the caller
 * multiplies). Computed bottom up, so that a named fragment is walked once per context however
 * often it is spread: fragments that spread the next one twice, level after level, cost their
 * length, not two to the power of it. Under `_entities`, `entities` counts the representations of
 * each type.
 */
function visit(walk: Walk, set: SelectionSetNode, type: GraphQLNamedType, loaded: Loaded, entities?: Entities): UpstreamEstimate {
  const total = none();
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue; // __typename and introspection
      const args = getArgumentValues(field, selection, walk.variables);
      const coordinate = `${type.name}.${field.name}`;
      const childType = getNamedType(field.type);
      if (coordinate === 'Query._entities') {
        add(total, visitEntities(walk, selection.selectionSet!, childType, args.representations), 1);
        continue;
      }
      const cost = field.extensions.upstreamCost;
      if (cost) add(total, cost.calls(args, loaded, selection), 1);
      if (!selection.selectionSet) continue;
      // Items carry what their list loaded; below a field that loads nothing, nothing is carried.
      const items = visit(walk, selection.selectionSet, childType, cost ? (cost.loads?.(args) ?? {}) : loaded);
      add(total, items, itemsOf(field, args));
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const on = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
    if (!on) continue;
    const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined;
    // Under `_entities`, a fragment on one entity type is resolved once per representation of that
    // type; one without a type condition, or on `_Entity` itself, is priced like its parent: the
    // fragments inside it still narrow it to each type.
    if (entities && isObjectType(on)) {
      const typeLoaded = entityCostOf(walk.schema, on.name)?.loads ?? {};
      add(total, spread(walk, name, fragment.selectionSet, on, typeLoaded), entities.byType.get(on.name) ?? 0);
    } else add(total, spread(walk, name, fragment.selectionSet, on, loaded, entities), 1);
  }
  return total;
}

/** A fragment's calls: a named one's from the memo once walked in the same context. */
function spread(
  walk: Walk,
  name: string | undefined,
  set: SelectionSetNode,
  on: GraphQLNamedType,
  loaded: Loaded,
  entities?: Entities,
): UpstreamEstimate {
  if (name === undefined) return visit(walk, set, on, loaded, entities);
  const key = `${name}|${loadedKey(loaded)}|${entities?.id ?? ''}`;
  const known = walk.memo.get(key);
  if (known) return known;
  if (walk.walking.has(name)) return none();
  walk.walking.add(name);
  const calls = visit(walk, set, on, loaded, entities);
  walk.walking.delete(name);
  walk.memo.set(key, calls);
  return calls;
}

/** What resolving a reference of this type costs (its module's `costs.entities`). */
function entityCostOf(schema: GraphQLSchema, typeName: string): EntityCost | undefined {
  const type = schema.getType(typeName);
  return isObjectType(type) ? type.extensions.entityCost : undefined;
}

/** Each distinct representation is resolved once (the loaders share equal keys), its type's fragments with it. */
function visitEntities(walk: Walk, set: SelectionSetNode, type: GraphQLNamedType, representations: unknown): UpstreamEstimate {
  const total = none();
  const byType = new Map<string, number>();
  const distinct = new Map((Array.isArray(representations) ? representations : []).map((r: unknown) => [JSON.stringify(r), r]));
  for (const representation of distinct.values()) {
    const fields = (representation ?? {}) as Record<string, unknown>;
    const cost = entityCostOf(walk.schema, String(fields.__typename));
    if (cost) add(total, cost.calls(fields), 1);
    byType.set(String(fields.__typename), (byType.get(String(fields.__typename)) ?? 0) + 1);
  }
  add(total, visit(walk, set, type, {}, { id: ++walk.entitiesSeen, byType }), 1);
  return total;
}

/** The most upstream calls the operation can make, per source; null when its variables are malformed. */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): UpstreamEstimate | null {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  try {
    const walk: Walk = { schema, variables, fragments, memo: new Map(), walking: new Set(), entitiesSeen: 0 };
    return visit(walk, operation.selectionSet, root, {});
  } catch {
    return null; // malformed variables: execution reports them
  }
}

/** Each request's upstream-call budget per source, the same for every request of the process. */
export const requestBudgetsOf = memoByIdentity(
  (connections: Connections) =>
    Object.fromEntries(SOURCE_NAMES.map((name) => [name, connections.policies[name].fairUse.requestBudget])) as Record<SourceName, number>,
);

/**
 * Each request's upstream-call budget, per source (`<PREFIX>_REQUEST_BUDGET`, by default a third
 * of the source's quota window, see policies/fair-use.ts). A request whose estimate exceeds a
 * budget is refused before any call, naming the source; one that passes spends the budget its
 * scope was built with (graphql/context.ts), which the sources count down call by call, so that
 * an estimate that is wrong cannot overspend (the calls beyond fail as UPSTREAM_RATE_LIMITED).
 */
export function upstreamBudgetPlugin(schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  const estimateOf = memoByOperation((document, variables, operationName) =>
    estimateUpstreamCalls(schema, document, variables, operationName),
  );
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const budgets = requestBudgetsOf(contextValue.connections);
          const estimate = estimateOf(document, request.variables ?? {}, request.operationName ?? undefined);
          const over = estimate && SOURCE_NAMES.find((name) => estimate[name] > budgets[name]);
          if (estimate && over) {
            throw new GraphQLError(
              `Too many upstream calls: this request could make ${estimate[over]} calls to ${over}, at most ${budgets[over]} per request; ask for fewer items (a smaller \`first\`, then page with \`after\`) or fewer aliases`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  source: over,
                  upstreamCalls: estimate[over],
                  requestBudget: budgets[over],
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}
